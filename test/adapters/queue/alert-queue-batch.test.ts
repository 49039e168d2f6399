// The alerts queue under a burst, on a real redis-server: adds of one event-loop turn go to Redis together, each
// answers only once its own job is stored, HA duplicates in one batch still make one job, and a job Redis cannot
// take fails alone.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlertQueue, acceptedKey, alertJobId, createAlertQueue } from '../../../src/adapters/queue/alert-queue.js';
import { createRedisConnection } from '../../../src/adapters/redis/redis-connection.js';
import type { AlertmanagerPayload } from '../../../src/alerts/alertmanager-payload.js';
import { deliveryKey } from '../../../src/alerts/delivery-key.js';
import { DEFAULT_DUPLICATE_WINDOW_MS } from '../../../src/incident/apply-delivery.js';
import { fixture } from '../../fixtures/alertmanager/fixtures.js';
import { redisForFile } from '../../support/redis-for-file.js';

const redis = redisForFile();
let connection: Redis;
const queues: AlertQueue[] = [];

beforeAll(async () => {
  connection = createRedisConnection(redis.url, { commandTimeoutMs: 5000 });
});

afterAll(async () => {
  for (const queue of queues) await queue.close();
  connection?.disconnect();
});

function newQueue(prefix = `t-${randomUUID()}`): AlertQueue {
  const queue = createAlertQueue(connection, prefix);
  queues.push(queue);
  return queue;
}

const base = fixture('conntrack-firing');
/** Delivery `i` of the group: its alerts (re-)started at a time of its own, so each is a distinct delivery. */
function delivery(i: number): AlertmanagerPayload {
  const startsAt = new Date(Date.UTC(2025, 2, 14, 9, 0, i)).toISOString();
  return { ...base, alerts: base.alerts.map((alert) => ({ ...alert, startsAt })) };
}
const receivedAt = '2025-03-14T09:30:00.000Z';

describe('the alerts queue under a burst', () => {
  it('answers each add once its job is stored; duplicates in one batch make one job', async () => {
    const queue = newQueue();
    const distinct = 150;
    const adds = Array.from({ length: distinct + 50 }, (_, n) => {
      const payload = delivery(n % distinct); // the last 50 repeat the first 50 (HA peers)
      return queue.add(payload, { deliveryKey: deliveryKey('prod', payload), receivedAt }).then(async (added) => {
        // Answered only once the job is in Redis.
        expect(await queue.queue.getJob(added.jobId)).toBeDefined();
        return added;
      });
    });
    const answers = await Promise.all(adds);
    const byJob = new Map<string, string[]>();
    for (const { jobId, state } of answers) byJob.set(jobId, [...(byJob.get(jobId) ?? []), state]);
    expect(byJob.size).toBe(distinct);
    for (const states of byJob.values()) expect(states.filter((s) => s === 'queued')).toHaveLength(1);
    expect(answers.filter((a) => a.state === 'duplicate')).toHaveLength(50);
    expect(await queue.queue.getJobCounts('waiting')).toEqual({ waiting: distinct });
  });

  it('fails a job Redis cannot take alone; the rest of its batch is queued', async () => {
    const prefix = `t-${randomUUID()}`;
    const queue = newQueue(prefix);
    const bad = delivery(1000) as AlertmanagerPayload & { self?: unknown };
    bad.self = bad; // cannot be serialised into a job
    const good = Array.from({ length: 5 }, (_, i) => delivery(2000 + i));
    const results = await Promise.allSettled(
      [bad, ...good].map((payload) => queue.add(payload, { deliveryKey: deliveryKey('prod', payload), receivedAt })),
    );
    expect(results[0]?.status).toBe('rejected');
    expect(results.slice(1).map((r) => (r.status === 'fulfilled' ? r.value.state : r.reason))).toEqual(
      Array(5).fill('queued'),
    );
    expect(await queue.queue.getJobCounts('waiting')).toEqual({ waiting: 5 });
    // Its record of being first is withdrawn, so a retry that does get stored answers `queued`, not `duplicate`.
    const badJob = alertJobId(deliveryKey('prod', bad), receivedAt, DEFAULT_DUPLICATE_WINDOW_MS);
    const end = Date.now() + 10_000;
    while ((await connection.exists(acceptedKey(prefix, badJob))) === 1 && Date.now() < end) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await connection.exists(acceptedKey(prefix, badJob))).toBe(0);
    delete bad.self;
    expect((await queue.add(bad, { deliveryKey: deliveryKey('prod', bad), receivedAt })).state).toBe('queued');
  });
});
