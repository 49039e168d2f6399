// Shared set-up of the queue tests: a real redis-server per file, a unique BullMQ prefix per test, and clean-up of
// every connection, queue and worker a test opened.
import { randomUUID } from 'node:crypto';
import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createRedisConnection } from '../../src/adapters/redis/redis-connection.js';
import type { Requester } from '../../src/incident/incident.js';
import { removeTempDirs } from './k8s-helpers.js';
import { type RedisServer, startRedis } from './redis-server.js';

export const alice: Requester = { userId: 'U0ALICE', userName: 'alice' };

/** A prefix no other test uses. */
export function uniquePrefix(): string {
  return `nc-test-${randomUUID().slice(0, 8)}`;
}

type Closable = { close?: () => Promise<unknown>; quit?: () => Promise<unknown> };
const opened: Closable[] = [];

/** Registers something to close after the test (in reverse order). Returns it. */
export function track<T extends Closable>(thing: T): T {
  opened.push(thing);
  return thing;
}

/** A producer connection closed after the test. */
export function producer(url: string): Redis {
  return track(createRedisConnection(url, { name: 'test-producer' }));
}

/** A worker connection closed after the test. */
export function workerConnection(url: string): Redis {
  return track(createRedisConnection(url, { forWorker: true, name: 'test-worker' }));
}

export async function closeAll(): Promise<void> {
  for (const thing of opened.splice(0).reverse()) {
    try {
      if (thing.close) await thing.close();
      else if (thing.quit) await thing.quit();
    } catch {
      // already closed (a "Redis down" test)
    }
  }
}

/** Polls `check` every 20 ms until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits until the job is in `state`, then reads it (read after the state, so its fields are the final ones). */
export async function jobIn(
  queue: Queue,
  jobId: string,
  state: 'completed' | 'failed',
  timeoutMs = 10_000,
): Promise<Job> {
  await waitFor(async () => (await queue.getJobState(jobId)) === state, timeoutMs, `job ${jobId} ${state}`);
  const job = await queue.getJob(jobId);
  if (!job) throw new Error(`job ${jobId} is gone`);
  return job;
}

/**
 * The usual set-up of a queue test file, called at its top level: a redis-server started before the file's tests
 * and stopped after them, everything a test opened closed after it, temp dirs removed at the end.
 */
export function redisForFile(): RedisServer {
  let server: RedisServer | undefined;
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    await server?.stop();
    removeTempDirs();
  });
  afterEach(closeAll);
  const started = () => {
    if (!server) throw new Error('redisForFile: the server starts in beforeAll');
    return server;
  };
  return {
    get port() {
      return started().port;
    },
    get url() {
      return started().url;
    },
    stop: () => started().stop(),
    start: () => started().start(),
    dispose: () => started().dispose(),
  };
}
