// Post-once claims: a Slack message (or any side effect that returns an id) happens once per key across every
// replica. A Lua step claims the key with a pending token of this call (`EX` bounded) or returns what it holds; the
// winner posts and stores the result (the message ts); a failed post drops the claim so a retry can post; a loser
// waits for the winner's result.
//
// Redis may restart in the middle (AOF, seconds of downtime). Every Redis step is retried through such an outage:
// a claim whose reply was lost is recognised by its token, and a result Slack already accepted is kept in memory and
// stored once Redis answers again (the pending claim holds off every other poster meanwhile), so a short outage
// never posts a message twice.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Claims, OnceResult } from '../../app/ports/claims.js';
import { redisKey } from './redis-connection.js';
import { retryTransient } from './redis-errors.js';

const PENDING = '\u0000pending';
const DONE_TTL_SECONDS = 30 * 24 * 3600;

// Returns the value under KEYS[1]; when there is none, sets ARGV[1] (this call's pending token) with a TTL first.
const CLAIM = `local v = redis.call('GET', KEYS[1])
if v then return v end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return ARGV[1]`;

// Deletes KEYS[1] only while it still holds ARGV[1].
const DROP = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export interface ClaimOptions {
  /** How long a claim may stay pending (its holder died mid-post) before another process may post. @defaultValue 120 */
  pendingTtlSeconds?: number;
  /** How long a loser waits for the winner's result. @defaultValue 15000 */
  waitMs?: number;
  /** How long a claim or read rides out an unreachable Redis before failing. @defaultValue 10000 */
  redisRetryMs?: number;
}

/** Another process holds the claim and has not finished within the wait (retryable). */
export class ClaimBusyError extends Error {
  constructor(readonly key: string) {
    super(`claim ${key} is still pending in another process`);
    this.name = 'ClaimBusyError';
  }
}

const isPending = (value: string) => value.startsWith(PENDING);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The Claims port on Redis: post-once claims under `<prefix>:claim:<key>`. */
export class RedisClaims implements Claims {
  constructor(
    readonly redis: Redis,
    readonly prefix: string,
    private readonly options: ClaimOptions = {},
  ) {}

  private key(key: string): string {
    return redisKey(this.prefix, 'claim', key);
  }

  private get pendingTtlSeconds(): number {
    return this.options.pendingTtlSeconds ?? 120;
  }

  private retry<T>(step: () => Promise<T>, forMs = this.options.redisRetryMs ?? 10_000): Promise<T> {
    return retryTransient(step, { forMs });
  }

  /**
   * Runs `post` once for `key` across processes and returns its value; later calls return the stored value without
   * posting. If `post` throws, the claim is dropped and the error rethrown.
   */
  async once(key: string, post: () => Promise<string>): Promise<OnceResult> {
    const name = this.key(key);
    const token = `${PENDING}:${randomBytes(9).toString('base64url')}`;
    const deadline = Date.now() + (this.options.waitMs ?? 15_000);
    for (;;) {
      const current = String(
        await this.retry(() => this.redis.eval(CLAIM, 1, name, token, String(this.pendingTtlSeconds))),
      );
      if (current === token) {
        let value: string;
        try {
          value = await post();
        } catch (error) {
          await this.retry(() => this.redis.eval(DROP, 1, name, token)).catch(() => {});
          throw error;
        }
        // Slack has it now: store it through a Redis outage while the pending claim keeps others from posting.
        await this.retry(() => this.redis.set(name, value, 'EX', DONE_TTL_SECONDS), this.pendingTtlSeconds * 1000);
        return { value, posted: true };
      }
      if (!isPending(current)) return { value: current, posted: false };
      if (Date.now() >= deadline) throw new ClaimBusyError(key);
      await sleep(50);
    }
  }

  /** The stored value for `key` once its post has finished; undefined while pending or never claimed. */
  async get(key: string): Promise<string | undefined> {
    const value = await this.retry(() => this.redis.get(this.key(key)));
    return value === null || isPending(value) ? undefined : value;
  }

  /**
   * Remembers the first value computed for `key` (e.g. the outcome of an enqueue) so a retried job reuses it instead
   * of asking again. Same semantics as `once`.
   */
  async remember(key: string, compute: () => Promise<string>): Promise<string> {
    return (await this.once(key, compute)).value;
  }
}
