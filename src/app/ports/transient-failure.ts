// The transient-failure port: which failures of the outside world pass by themselves (a restarting Redis, a dropped
// connection). The composition root passes the adapters' classifier, so a use case waits for them instead of failing.

/** True for a failure that a later retry can get past without anyone doing anything. */
export type IsTransientFailure = (error: unknown) => boolean;
