// Queue metrics as Prometheus scrapes them (the registry's text format): the depth of the collect, sweep and alerts
// queues read from Redis at scrape time, collections counted once when they end (ok, or failed by code), and a scrape
// that still answers while Redis is down.
import { Queue } from 'bullmq';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ALERT_QUEUE } from '../../../src/adapters/queue/alert-queue.js';
import { internalError } from '../../support/kube-status.js';
import { alice, jobIn, producer } from '../../support/queue-helpers.js';
import { redisForFile } from '../../support/redis-for-file.js';
import { startServiceWorld } from '../../support/service-world.js';
import { track } from '../../support/track.js';

const redis = redisForFile();

/** The value of one sample in the exposition text, or undefined when the scrape does not have it. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels)
    .map(([key, value]) => `${key}="${value}"`)
    .join(',');
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${wanted}} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

const depth = (text: string, queue: string, state: string) => sample(text, 'netcheck_queue_jobs', { queue, state });

describe('queue metrics', () => {
  it('reports the depth of every queue and counts collections once, by outcome and code', async () => {
    const registry = new Registry();
    const world = track(await startServiceWorld(redis, { cluster: {} }));
    // Paused before anything is queued, so the first scrape sees every job waiting.
    const worker = await world.worker({ registry, concurrency: 1 });
    await worker.worker.pause();
    // A sweep and an alert delivery wait for workers this test does not start.
    await world.parts.collections.enqueueSweep({
      incidentId: world.incident.id,
      requestedBy: alice,
      requestedAt: '2026-11-23T10:00:00Z',
    });
    const alerts = track(new Queue(ALERT_QUEUE, { connection: producer(redis.url), prefix: world.prefix }));
    await alerts.add('delivery', { deliveryKey: 'k' }, { jobId: 'am-k-1' });
    // node-7's first attempt meets an apiserver hiccup and is retried; node-404 does not exist.
    world.api.inject({
      method: 'GET',
      path: /\/pods$/,
      respond: internalError('etcdserver: leader changed'),
      times: 1,
    });
    const ok = await world.request('node-7');
    const missing = await world.request('node-404');
    let text = await registry.metrics();
    expect(text).toContain('# TYPE netcheck_queue_jobs gauge');
    expect(depth(text, 'collect', 'waiting')).toBe(2);
    expect(depth(text, 'collect', 'active')).toBe(0);
    expect(depth(text, 'sweep', 'waiting')).toBe(1);
    expect(depth(text, 'alerts', 'waiting')).toBe(1);
    expect(depth(text, 'alerts', 'failed')).toBe(0);
    // Nothing ended yet: the counter has no samples.
    expect(text).toContain('# TYPE netcheck_collections_total counter');
    expect(text).not.toMatch(/^netcheck_collections_total\{/m);

    worker.worker.resume();
    await jobIn(world.parts.collections.collect, ok, 'completed');
    await jobIn(world.parts.collections.collect, missing, 'failed');
    text = await registry.metrics();
    expect(sample(text, 'netcheck_collections_total', { outcome: 'ok' })).toBe(1);
    expect(sample(text, 'netcheck_collections_total', { outcome: 'failed', code: 'node-not-found' })).toBe(1);
    // The retried attempt is not a failed collection.
    expect(text.match(/^netcheck_collections_total\{/gm)).toHaveLength(2);
    expect(depth(text, 'collect', 'waiting')).toBe(0);
    expect(depth(text, 'collect', 'failed')).toBe(1);
    expect(depth(text, 'sweep', 'waiting')).toBe(1);

    // Closed, the worker's queues leave the gauge; the counter stays.
    await worker.close();
    text = await registry.metrics();
    expect(text).not.toMatch(/^netcheck_queue_jobs\{/m);
    expect(sample(text, 'netcheck_collections_total', { outcome: 'ok' })).toBe(1);
  });

  it('answers a scrape while Redis is down, without the queue samples, and has them again once it is back', async () => {
    const registry = new Registry();
    const world = track(await startServiceWorld(redis, { cluster: {} }));
    await world.worker({ registry, queueCountsTimeoutMs: 300 });
    expect(depth(await registry.metrics(), 'collect', 'waiting')).toBe(0);
    await redis.stop();
    try {
      const started = Date.now();
      const text = await registry.metrics();
      expect(Date.now() - started).toBeLessThan(2000);
      expect(text).toContain('# TYPE netcheck_queue_jobs gauge');
      expect(text).not.toMatch(/^netcheck_queue_jobs\{/m);
    } finally {
      await redis.start();
    }
    await expect
      .poll(async () => depth(await registry.metrics(), 'sweep', 'waiting'), { timeout: 10_000, interval: 200 })
      .toBe(0);
  });
});
