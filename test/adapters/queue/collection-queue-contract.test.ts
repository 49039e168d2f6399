// The CollectionQueue contract (test/support/collection-queue-contract.ts) against the BullMQ queue on a real Redis
// and the in-memory queue the use-case tests use.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import { type CollectQueue, createCollectQueue } from '../../../src/adapters/queue/collect-queue.js';
import { createRedisConnection } from '../../../src/adapters/redis/redis-connection.js';
import { collectionQueueContract, TRIAGE_WINDOW_MS } from '../../support/collection-queue-contract.js';
import { MemoryCollectionQueue } from '../../support/memory-collection-queue.js';
import { type RedisServer, startRedis } from '../../support/redis-server.js';

let redis: RedisServer;
let connection: Redis;
const opened: CollectQueue[] = [];

beforeAll(async () => {
  redis = await startRedis();
  connection = createRedisConnection(redis.url);
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((queue) => queue.close()));
});
afterAll(async () => {
  await connection?.quit();
  await redis?.stop();
});

describe('the BullMQ collection queue', () => {
  collectionQueueContract(async () => {
    const queue = createCollectQueue({ connection, prefix: `t-${randomUUID()}`, triageDebounceMs: TRIAGE_WINDOW_MS });
    opened.push(queue);
    return {
      queue,
      removeJob: async (jobId) => {
        await (await queue.collect.getJob(jobId))?.remove();
      },
    };
  });
});

describe('the in-memory collection queue', () => {
  collectionQueueContract(async () => {
    const queue = new MemoryCollectionQueue({ triageDebounceMs: TRIAGE_WINDOW_MS });
    return { queue, removeJob: async (jobId) => queue.remove(jobId) };
  });
});
