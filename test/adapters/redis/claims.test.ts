import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClaimBusyError, RedisClaims } from '../../../src/adapters/redis/claims.js';
import { LockTimeoutError, withLock } from '../../../src/adapters/redis/redis-lock.js';
import { redisForFile } from '../../support/redis-for-file.js';

const redis = redisForFile();
let a: Redis;
let b: Redis;

beforeAll(async () => {
  a = new Redis(redis.url);
  b = new Redis(redis.url);
});

afterAll(async () => {
  await a?.quit();
  await b?.quit();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Claims', () => {
  it('posts once across processes; the loser gets the winner result', async () => {
    const prefix = `t-${randomUUID()}`;
    let posts = 0;
    const post = async () => {
      posts++;
      await sleep(50);
      return `ts-${posts}`;
    };
    const results = await Promise.all([
      new RedisClaims(a, prefix).once('inc-1:fired', post),
      new RedisClaims(b, prefix).once('inc-1:fired', post),
      new RedisClaims(b, prefix).once('inc-1:fired', post),
    ]);
    expect(posts).toBe(1);
    expect(results.map((r) => r.value)).toEqual(['ts-1', 'ts-1', 'ts-1']);
    expect(results.filter((r) => r.posted)).toHaveLength(1);
    expect(await new RedisClaims(a, prefix).get('inc-1:fired')).toBe('ts-1');
    expect(await new RedisClaims(a, prefix).get('inc-1:other')).toBeUndefined();
  });

  it('drops the claim when the post fails so a retry posts', async () => {
    const claims = new RedisClaims(a, `t-${randomUUID()}`);
    await expect(
      claims.once('k', async () => {
        throw new Error('slack down');
      }),
    ).rejects.toThrow('slack down');
    expect(await claims.get('k')).toBeUndefined();
    expect(await claims.once('k', async () => 'ts-2')).toEqual({ value: 'ts-2', posted: true });
  });

  it('gives up waiting on a claim pending elsewhere with ClaimBusyError', async () => {
    const prefix = `t-${randomUUID()}`;
    const slow = new RedisClaims(a, prefix).once('k', () => sleep(400).then(() => 'late'));
    await sleep(20);
    await expect(new RedisClaims(b, prefix, { waitMs: 100 }).once('k', async () => 'no')).rejects.toBeInstanceOf(
      ClaimBusyError,
    );
    expect(await new RedisClaims(b, prefix).get('k')).toBeUndefined();
    await slow;
    expect(await new RedisClaims(b, prefix).get('k')).toBe('late');
  });
});

describe('withLock', () => {
  it('lets one holder in at a time across connections', async () => {
    const key = `t-${randomUUID()}:lock`;
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        withLock(i % 2 ? a : b, key, async () => {
          inside++;
          most = Math.max(most, inside);
          await sleep(10);
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(await a.exists(key)).toBe(0);
  });

  it('renews the lock while held and times out a waiter', async () => {
    const key = `t-${randomUUID()}:lock`;
    // The holder keeps the lock until the waiter has given up, however late timers fire on a busy machine.
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const held = withLock(a, key, () => released, { ttlMs: 300 });
    await sleep(900); // three times the TTL: only renewals keep the key
    expect(await a.exists(key)).toBe(1);
    await expect(withLock(b, key, async () => 'x', { waitMs: 100 })).rejects.toBeInstanceOf(LockTimeoutError);
    release();
    await held;
    expect(await withLock(b, key, async () => 'x')).toBe('x');
  });

  it('never releases a lock another process took after it expired', async () => {
    const key = `t-${randomUUID()}:lock`;
    await withLock(a, key, async () => {
      await a.set(key, 'someone-else');
    });
    expect(await a.get(key)).toBe('someone-else');
  });
});
