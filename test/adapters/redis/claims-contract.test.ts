// The Claims contract (test/support/claims-contract.ts) against the Redis claims and the in-memory ones.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe } from 'vitest';
import { RedisClaims } from '../../../src/adapters/redis/claims.js';
import { claimsContract } from '../../support/claims-contract.js';
import { MemoryClaims } from '../../support/memory-claims.js';
import { redisForFile } from '../../support/redis-for-file.js';

const redis = redisForFile();
let connections: Redis[] = [];

beforeAll(async () => {
  connections = [new Redis(redis.url), new Redis(redis.url)];
});

afterAll(async () => {
  await Promise.all(connections.map((c) => c.quit()));
});

describe('RedisClaims', () => {
  claimsContract(() => {
    const prefix = `t-${randomUUID()}`;
    let opened = 0;
    // Each view on its own connection, like another replica.
    return {
      open: (waitMs) => new RedisClaims(connections[opened++ % 2] as Redis, prefix, waitMs ? { waitMs } : {}),
    };
  });
});

describe('MemoryClaims', () => {
  claimsContract(() => {
    const claims = new MemoryClaims();
    return { open: (waitMs) => claims.replica(waitMs) };
  });
});
