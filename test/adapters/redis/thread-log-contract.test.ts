// The ThreadLog contract (test/support/thread-log-contract.ts) against the Redis log and the in-memory one.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe } from 'vitest';
import { RedisThreadLog } from '../../../src/adapters/redis/thread-log.js';
import { MemoryThreadLog } from '../../support/memory-thread-log.js';
import { redisForFile } from '../../support/redis-for-file.js';
import { threadLogContract } from '../../support/thread-log-contract.js';

const redis = redisForFile();
let connection: Redis;

beforeAll(async () => {
  connection = new Redis(redis.url);
});

afterAll(async () => {
  await connection?.quit();
});

describe('RedisThreadLog', () => {
  threadLogContract(() => new RedisThreadLog(connection, `t-${randomUUID()}`));
});

describe('MemoryThreadLog', () => {
  threadLogContract(() => new MemoryThreadLog());
});
