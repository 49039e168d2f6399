// Two connections to the file's Redis, opened before its tests and closed after them: each `next()` hands out the
// other one, so two views of an adapter talk to Redis as two replicas would.
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import type { RedisServer } from './redis-server.js';

export function redisReplicasForFile(redis: RedisServer): { next(): Redis } {
  let connections: Redis[] = [];
  let handed = 0;
  beforeAll(async () => {
    connections = [new Redis(redis.url), new Redis(redis.url)];
  });
  afterAll(async () => {
    await Promise.all(connections.map((c) => c.quit()));
  });
  return { next: () => connections[handed++ % connections.length] as Redis };
}
