// How a queued job's use case ended (collect one node, run a sweep), for the queue adapter to translate into its
// own terms (src/adapters/queue/job-failure.ts): a result, a retry after the queue's backoff, a hand-back, or the end.

export type JobOutcome<T> =
  | { kind: 'done'; result: T }
  /**
   * This attempt failed for a reason that may pass: the queue tries again after its backoff while attempts remain.
   * `lastAttempt`: none remain (the failure is already in the thread). `error` is what failed, for the queue's record.
   */
  | { kind: 'retry-later'; reason: string; code: string; lastAttempt: boolean; error: Error }
  /** The worker is shutting down: the job goes back to the queue at once, no attempt used, for another worker. */
  | { kind: 'handed-back' }
  /** A retry cannot help (bad input, unknown node, RBAC, Pod Security, a permanent Slack error, no incident). */
  | { kind: 'permanent-failure'; reason: string; code: string };

/** The attempt being run, as the queue counts them. */
export interface JobAttempt<D> {
  id: string;
  data: D;
  /** 1 for the first attempt. */
  attempt: number;
  /** Attempts the queue allows in all. */
  attempts: number;
}
