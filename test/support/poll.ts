// Waiting in tests for something another process or an asynchronous part does: poll a probe until it answers, with a
// generous deadline (a loaded 2-core CI machine) and an error that says what never happened.

export interface PollOptions {
  /** How often the probe is tried. @defaultValue 20 */
  intervalMs?: number;
  /** A probe that throws counts as "not yet" instead of failing the wait. @defaultValue false */
  ignoreErrors?: boolean;
}

/**
 * Tries `probe` until it returns a value other than undefined, null or false, and returns that value; throws after
 * `timeoutMs` naming `what` (a function: evaluated only then, e.g. to show the state that was waited on).
 */
export async function poll<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
  what: string | (() => string) = 'condition',
  options: PollOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = options.ignoreErrors
      ? await Promise.resolve()
          .then(probe)
          .catch(() => undefined)
      : await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 20));
  }
}
