// The ThreadLog contract (test/support/thread-log-contract.ts) against the Redis log and the in-memory one.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe } from 'vitest';
import { RedisThreadLog } from '../../../src/adapters/redis/thread-log.js';
import { MemoryThreadLog } from '../../support/memory-thread-log.js';
import { type RedisServer, startRedis } from '../../support/redis-server.js';
import { threadLogContract } from '../../support/thread-log-contract.js';

let redis: RedisServer;
let connection: Redis;

beforeAll(async () => {
  redis = await startRedis();
  connection = new Redis(redis.url);
});

afterAll(async () => {
  await connection?.quit();
  await redis?.stop();
});

describe('RedisThreadLog', () => {
  threadLogContract(() => new RedisThreadLog(connection, `t-${randomUUID()}`));
});

describe('MemoryThreadLog', () => {
  threadLogContract(() => new MemoryThreadLog());
});
