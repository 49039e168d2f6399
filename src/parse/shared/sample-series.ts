// The readings of a command printed several times in one block, capped in number.
/** The samples of a command printed several times in one block (`watch`, a loop); the first `max` are kept. */
export interface SampleSeries<T> {
  readonly samples: T[];
  /** The sample lines are being added to, if one was started. */
  readonly current: T | undefined;
  /** Starts a new sample and makes it current (kept only while fewer than `max` are). */
  next(): T;
}

export function createSampleSeries<T>(make: () => T, max: number): SampleSeries<T> {
  const samples: T[] = [];
  let current: T | undefined;
  return {
    samples,
    get current() {
      return current;
    },
    next() {
      current = make();
      if (samples.length < max) samples.push(current);
      return current;
    },
  };
}
