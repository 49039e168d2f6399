// A Redis lock for one process at a time across replicas: SET NX PX with a random token, renewed while held,
// released only by its holder (token-checked in Lua), so a lock that expired and was taken by another process is
// never released by the first.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;

export interface LockOptions {
  /** Expiry of the lock if its holder dies; renewed every third of it while held. @defaultValue 15000 */
  ttlMs?: number;
  /** How long to wait for the lock before giving up with LockTimeoutError. @defaultValue 20000 */
  waitMs?: number;
}

/** The lock stayed taken for `waitMs` (a retryable condition: another replica is working on the same thing). */
export class LockTimeoutError extends Error {
  constructor(
    readonly key: string,
    waitMs: number,
  ) {
    super(`lock ${key} still held by another process after ${waitMs} ms`);
    this.name = 'LockTimeoutError';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `fn` while holding the lock `key`; waits for it up to `waitMs`. Redis errors propagate. */
export async function withLock<T>(
  redis: Redis,
  key: string,
  fn: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const ttlMs = options.ttlMs ?? 15_000;
  const waitMs = options.waitMs ?? 20_000;
  const token = randomBytes(16).toString('hex');
  const deadline = Date.now() + waitMs;
  let delay = 10;
  const release = () => redis.eval(RELEASE, 1, key, token).catch(() => {});
  for (;;) {
    let taken: string | null;
    try {
      taken = await redis.set(key, token, 'PX', ttlMs, 'NX');
    } catch (error) {
      // The SET may have happened with its reply lost (Redis restarting): give back what may be ours.
      await release();
      throw error;
    }
    if (taken === 'OK') break;
    if (Date.now() >= deadline) throw new LockTimeoutError(key, waitMs);
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 200);
  }
  const renew = setInterval(
    () => {
      redis.eval(RENEW, 1, key, token, String(ttlMs)).catch(() => {});
    },
    Math.max(Math.floor(ttlMs / 3), 10),
  );
  renew.unref();
  try {
    return await fn();
  } finally {
    clearInterval(renew);
    await release();
  }
}
