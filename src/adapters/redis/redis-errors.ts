// Which Redis failures pass by themselves (the server restarting, loading its AOF, a dropped connection) and a retry
// loop for the steps that must not be given up because of one: storing what Slack already accepted, for example.

/** Redis answers these while it starts, fails over or runs a long script: retrying later helps. */
const TRANSIENT_REPLIES = /^(LOADING|BUSY|TRYAGAIN|CLUSTERDOWN|MASTERDOWN|READONLY)\b/;

/**
 * True for a failure to reach Redis (connection closed or refused, command timeout, ioredis' retry limit) or a reply
 * saying Redis is not ready yet (`LOADING` after a restart); false for an error in the command itself.
 */
export function isTransientRedisError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'ReplyError') return TRANSIENT_REPLIES.test(error.message);
  if (error.name === 'MaxRetriesPerRequestError') return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|ENOTCONN|EHOSTUNREACH)$/.test(code)) {
    return true;
  }
  return /Connection is closed|Command timed out|Stream isn't writeable|max retries per request|connect ETIMEDOUT|Socket closed/i.test(
    error.message,
  );
}

export interface RetryOptions {
  /** Give up (rethrow the last error) once this much time has passed. */
  forMs: number;
  /** @defaultValue 100 */
  firstDelayMs?: number;
  /** @defaultValue 2000 */
  maxDelayMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `step` until it succeeds, retrying transient Redis errors with backoff for `forMs`; other errors at once. */
export async function retryTransient<T>(step: () => Promise<T>, options: RetryOptions): Promise<T> {
  const end = Date.now() + options.forMs;
  let delay = options.firstDelayMs ?? 100;
  for (;;) {
    try {
      return await step();
    } catch (error) {
      if (!isTransientRedisError(error) || Date.now() + delay > end) throw error;
      await sleep(delay);
      delay = Math.min(delay * 2, options.maxDelayMs ?? 2000);
    }
  }
}
