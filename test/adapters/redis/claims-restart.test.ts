// A post-once claim across a Redis restart (SIGKILL, append-only file, same port): Slack accepts the post while Redis
// is down, the value is kept and stored once Redis is back, and nobody posts again.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RedisClaims } from '../../../src/adapters/redis/claims.js';
import { createRedisConnection } from '../../../src/adapters/redis/redis-connection.js';
import { redisForFile } from '../../support/redis-for-file.js';

const redis = redisForFile({ aof: true });
let a: Redis;
let b: Redis;

beforeAll(async () => {
  // Producer connections, as the bot's: each command gives up fast while Redis is down.
  a = createRedisConnection(redis.url);
  b = createRedisConnection(redis.url);
});

afterAll(async () => {
  a?.disconnect();
  b?.disconnect();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('stores a value Slack accepted while Redis was down once Redis is back, and never posts twice', async () => {
  const prefix = `t-${randomUUID()}`;
  let posts = 0;
  const restarted = (async () => {
    await sleep(200);
    await redis.stop(); // SIGKILL while the post is in flight
    await sleep(1500);
    await redis.start();
  })();
  const first = new RedisClaims(a, prefix).once('inc-1:root', async () => {
    posts++;
    await sleep(500); // Slack answers while Redis is down
    return 'ts-1';
  });
  await restarted;
  expect(await first).toEqual({ value: 'ts-1', posted: true });
  const again = await new RedisClaims(b, prefix).once('inc-1:root', async () => {
    posts++;
    return 'ts-2';
  });
  expect(again).toEqual({ value: 'ts-1', posted: false });
  expect(posts).toBe(1);
  expect(await new RedisClaims(b, prefix).get('inc-1:root')).toBe('ts-1');
}, 30_000);
