// The IncidentStore contract (test/support/incident-store-contract.ts) against the Redis store and the in-memory one.
import { randomUUID } from 'node:crypto';
import { describe } from 'vitest';
import { RedisIncidentStore } from '../../../src/adapters/redis/incident-store.js';
import { incidentStoreContract } from '../../support/incident-store-contract.js';
import { MemoryIncidentStore } from '../../support/memory-incident-store.js';
import { redisForFile } from '../../support/redis-for-file.js';
import { redisReplicasForFile } from '../../support/redis-replicas-for-file.js';

const redis = redisForFile();
const replicas = redisReplicasForFile(redis);

describe('RedisIncidentStore', () => {
  incidentStoreContract(() => {
    const prefix = `t-${randomUUID()}`;
    // Each view on its own connection, like another replica.
    return { open: () => new RedisIncidentStore(replicas.next(), prefix) };
  });
});

describe('MemoryIncidentStore', () => {
  incidentStoreContract(() => {
    const store = new MemoryIncidentStore();
    return { open: () => store };
  });
});
