// The Claims contract (test/support/claims-contract.ts) against the Redis claims and the in-memory ones.
import { randomUUID } from 'node:crypto';
import { describe } from 'vitest';
import { RedisClaims } from '../../../src/adapters/redis/claims.js';
import { claimsContract } from '../../support/claims-contract.js';
import { MemoryClaims } from '../../support/memory-claims.js';
import { redisForFile } from '../../support/redis-for-file.js';
import { redisReplicasForFile } from '../../support/redis-replicas-for-file.js';

const redis = redisForFile();
const replicas = redisReplicasForFile(redis);

describe('RedisClaims', () => {
  claimsContract(() => {
    const prefix = `t-${randomUUID()}`;
    // Each view on its own connection, like another replica.
    return {
      open: (waitMs) => new RedisClaims(replicas.next(), prefix, waitMs ? { waitMs } : {}),
    };
  });
});

describe('MemoryClaims', () => {
  claimsContract(() => {
    const claims = new MemoryClaims();
    return { open: (waitMs) => claims.replica(waitMs) };
  });
});
