// Post-once claims: a Slack message (or any side effect that returns an id) happens once per key across every
// replica. `SET key pending NX EX` claims it; the winner posts and stores the result (the message ts); a failed post
// deletes the claim so a retry can post; a loser waits for the winner's result.
import type { Redis } from 'ioredis';
import { redisKey } from './redis-connection.js';

const PENDING = '\u0000pending';
const DONE_TTL_SECONDS = 30 * 24 * 3600;

export interface ClaimOptions {
  /** How long a claim may stay pending (its holder died mid-post) before another process may post. @defaultValue 120 */
  pendingTtlSeconds?: number;
  /** How long a loser waits for the winner's result. @defaultValue 15000 */
  waitMs?: number;
}

/** Another process holds the claim and has not finished within the wait (retryable). */
export class ClaimBusyError extends Error {
  constructor(readonly key: string) {
    super(`claim ${key} is still pending in another process`);
    this.name = 'ClaimBusyError';
  }
}

export interface OnceResult {
  /** What the winning post returned (e.g. the message ts). */
  value: string;
  /** True in the process that posted. */
  posted: boolean;
}

/** Post-once claims under `<prefix>:claim:<key>`. */
export class Claims {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly options: ClaimOptions = {},
  ) {}

  private key(key: string): string {
    return redisKey(this.prefix, 'claim', key);
  }

  /**
   * Runs `post` once for `key` across processes and returns its value; later calls return the stored value without
   * posting. If `post` throws, the claim is dropped and the error rethrown.
   */
  async once(key: string, post: () => Promise<string>): Promise<OnceResult> {
    const redisKeyName = this.key(key);
    const deadline = Date.now() + (this.options.waitMs ?? 15_000);
    for (;;) {
      const claimed = await this.redis.set(redisKeyName, PENDING, 'EX', this.options.pendingTtlSeconds ?? 120, 'NX');
      if (claimed === 'OK') {
        let value: string;
        try {
          value = await post();
        } catch (error) {
          await this.redis.del(redisKeyName).catch(() => {});
          throw error;
        }
        await this.redis.set(redisKeyName, value, 'EX', DONE_TTL_SECONDS);
        return { value, posted: true };
      }
      const current = await this.redis.get(redisKeyName);
      if (current !== null && current !== PENDING) return { value: current, posted: false };
      if (Date.now() >= deadline) throw new ClaimBusyError(key);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The stored value for `key` once its post has finished; undefined while pending or never claimed. */
  async get(key: string): Promise<string | undefined> {
    const value = await this.redis.get(this.key(key));
    return value === null || value === PENDING ? undefined : value;
  }

  /**
   * Remembers the first value computed for `key` (e.g. the outcome of an enqueue) so a retried job reuses it instead
   * of asking again. Same semantics as `once`.
   */
  async remember(key: string, compute: () => Promise<string>): Promise<string> {
    return (await this.once(key, compute)).value;
  }
}
