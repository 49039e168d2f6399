// The IncidentStore contract (test/support/incident-store-contract.ts) against the Redis store and the in-memory one.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe } from 'vitest';
import { RedisIncidentStore } from '../../../src/adapters/redis/incident-store.js';
import { incidentStoreContract } from '../../support/incident-store-contract.js';
import { MemoryIncidentStore } from '../../support/memory-incident-store.js';
import { redisForFile } from '../../support/redis-for-file.js';

const redis = redisForFile();
let connections: Redis[] = [];

beforeAll(async () => {
  connections = [new Redis(redis.url), new Redis(redis.url)];
});

afterAll(async () => {
  await Promise.all(connections.map((c) => c.quit()));
});

describe('RedisIncidentStore', () => {
  incidentStoreContract(() => {
    const prefix = `t-${randomUUID()}`;
    let opened = 0;
    // Each view on its own connection, like another replica.
    return { open: () => new RedisIncidentStore(connections[opened++ % 2] as Redis, prefix) };
  });
});

describe('MemoryIncidentStore', () => {
  incidentStoreContract(() => {
    const store = new MemoryIncidentStore();
    return { open: () => store };
  });
});
