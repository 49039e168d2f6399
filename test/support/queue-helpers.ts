// Shared pieces of the queue tests: a requester, a unique BullMQ prefix per test, connections closed after the test,
// and waiting for a job's final state.
import { randomUUID } from 'node:crypto';
import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { createRedisConnection } from '../../src/adapters/redis/redis-connection.js';
import type { Requester } from '../../src/incident/incident.js';
import { poll } from './poll.js';
import { track } from './track.js';

export const alice: Requester = { userId: 'U0ALICE', userName: 'alice' };

/** A prefix no other test uses. */
export function uniquePrefix(): string {
  return `nc-test-${randomUUID().slice(0, 8)}`;
}

/** A producer connection closed after the test. */
export function producer(url: string): Redis {
  return track(createRedisConnection(url, { name: 'test-producer' }));
}

/** A worker connection closed after the test. */
export function workerConnection(url: string): Redis {
  return track(createRedisConnection(url, { forWorker: true, name: 'test-worker' }));
}

/** Waits until the job is in `state`, then reads it (read after the state, so its fields are the final ones). */
export async function jobIn(
  queue: Queue,
  jobId: string,
  state: 'completed' | 'failed',
  timeoutMs = 10_000,
): Promise<Job> {
  await poll(async () => (await queue.getJobState(jobId)) === state, timeoutMs, `job ${jobId} ${state}`);
  const job = await queue.getJob(jobId);
  if (!job) throw new Error(`job ${jobId} is gone`);
  return job;
}
