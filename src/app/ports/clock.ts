// The Clock port: what time it is, for the use cases' timestamps (thread entries, checks). Tests pass a fixed or
// stepping clock; the composition root and the adapters default to `systemClock`.

export interface Clock {
  now(): Date;
}

/** The machine's clock. */
export const systemClock: Clock = { now: () => new Date() };
