// The collection queue on a real Redis: request ids, one job per node, the per-node auto-triage debounce, sweeps,
// counts, and a producer that fails fast when Redis is down.
import { beforeEach, describe, expect, it } from 'vitest';
import { type CollectQueue, createCollectQueue } from '../../../src/adapters/queue/collect-queue.js';
import { pingRedis } from '../../../src/adapters/redis/redis-connection.js';
import type { CollectionJob } from '../../../src/app/ports/collection-queue.js';
import { alice, producer, uniquePrefix } from '../../support/queue-helpers.js';
import { redisForFile } from '../../support/redis-for-file.js';
import { track } from '../../support/track.js';

const redis = redisForFile();
let queue: CollectQueue;
let prefix: string;

beforeEach(() => {
  prefix = uniquePrefix();
  queue = track(createCollectQueue({ connection: producer(redis.url), prefix, triageDebounceMs: 1500 }));
});

const job = (node: string, extra: Partial<CollectionJob> = {}): CollectionJob => ({
  incidentId: 'man-1',
  node,
  reason: 'command',
  requestedBy: alice,
  requestedAt: '2026-11-23T10:00:00.000Z',
  ...extra,
});

describe('collect queue', () => {
  it('queues a job whose id comes from the request, so a replayed request maps to the same job', async () => {
    const first = await queue.enqueue(job('node-7'));
    expect(first.state).toBe('queued');
    const again = await queue.enqueue(job('node-7'));
    expect(again).toEqual(first);
    expect(await queue.collect.getJobCountByTypes('waiting')).toBe(1);
    const stored = await queue.collect.getJob((first as { jobId: string }).jobId);
    expect(stored?.data).toMatchObject({ node: 'node-7', requestedBy: alice, reason: 'command' });
    expect(stored?.opts.attempts).toBe(3);
  });

  it('keeps one job per node: a different request for a waiting node gets that job id back', async () => {
    const first = await queue.enqueue(job('node-7'));
    const other = await queue.enqueue(job('node-7', { incidentId: 'inc-2', requestedAt: '2026-11-23T10:00:05.000Z' }));
    expect(other).toEqual({ state: 'already-queued', jobId: (first as { jobId: string }).jobId });
    const node8 = await queue.enqueue(job('node-8'));
    expect(node8.state).toBe('queued');
    expect(await queue.counts()).toEqual({ waiting: 2, active: 0, delayed: 0, failed: 0, completed: 0 });
  });

  it('lets a node be queued again once its job is gone', async () => {
    const first = (await queue.enqueue(job('node-7'))) as { jobId: string };
    const stored = await queue.collect.getJob(first.jobId);
    await stored?.remove();
    const next = await queue.enqueue(job('node-7', { requestedAt: '2026-11-23T10:05:00.000Z' }));
    expect(next.state).toBe('queued');
    expect((next as { jobId: string }).jobId).not.toBe(first.jobId);
  });

  it('debounces auto-triage per node within the window, not manual requests, and not other nodes', async () => {
    const triage = (node: string, at: string) =>
      job(node, { reason: 'auto-triage', requestedBy: undefined, requestedAt: at, alertLabels: { node } });
    const first = (await queue.enqueue(triage('node-7', '2026-11-23T10:00:00.000Z'))) as {
      state: string;
      jobId: string;
    };
    expect(first.state).toBe('queued');
    await (await queue.collect.getJob(first.jobId))?.remove();

    const second = await queue.enqueue(triage('node-7', '2026-11-23T10:00:30.000Z'));
    expect(second.state).toBe('debounced');
    if (second.state !== 'debounced') return;
    expect(Date.parse(second.nextAt) - Date.parse(second.lastAt)).toBe(1500);
    expect(Date.parse(second.lastAt)).toBeLessThanOrEqual(Date.now());

    // The same alert job replayed gets its own job back, not "debounced".
    expect(await queue.enqueue(triage('node-7', '2026-11-23T10:00:00.000Z'))).toEqual(first);
    await (await queue.collect.getJob(first.jobId))?.remove();
    expect((await queue.enqueue(triage('node-8', '2026-11-23T10:00:30.000Z'))).state).toBe('queued');
    expect((await queue.enqueue(job('node-7', { requestedAt: '2026-11-23T10:00:40.000Z' }))).state).toBe('queued');

    await new Promise((resolve) => setTimeout(resolve, 1600));
    const later = await queue.enqueue(triage('node-7', '2026-11-23T10:11:00.000Z'));
    // The manual job for node-7 still waits: the window is open again, the node still has one job.
    expect(later.state).toBe('already-queued');
  });

  it('runs one sweep at a time', async () => {
    const first = await queue.enqueueSweep({ incidentId: 'man-1', requestedAt: '2026-11-23T10:00:00.000Z' });
    expect(first.state).toBe('queued');
    const second = await queue.enqueueSweep({ incidentId: 'inc-9', requestedAt: '2026-11-23T10:01:00.000Z' });
    expect(second).toEqual({ state: 'already-queued', jobId: (first as { jobId: string }).jobId });
  });

  it('fails fast when Redis is down (the intake answers 503), and works again when it is back', async () => {
    const connection = producer(redis.url);
    const down = track(createCollectQueue({ connection, prefix }));
    expect(await pingRedis(connection, 1000)).toBe(true);
    await redis.stop();
    try {
      const started = Date.now();
      await expect(down.enqueue(job('node-7'))).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(3000);
      expect(await pingRedis(connection, 500)).toBe(false);
    } finally {
      await redis.start();
    }
    await expect.poll(() => pingRedis(connection, 500), { timeout: 30_000, interval: 200 }).toBe(true);
    // Back: the same producer queues again. The first command after a reconnect can still meet the socket being
    // replaced (ioredis answers MaxRetriesPerRequestError, as the intake would answer 503 and Alertmanager resend),
    // so it is asked until it succeeds or 30 s pass (a loaded machine reconnects slowly); a failure says why.
    const queued = () =>
      down.enqueue(job('node-7')).then(
        (r) => r.state,
        (error: Error) => `failed: ${error.name}: ${error.message}`,
      );
    await expect.poll(queued, { timeout: 30_000, interval: 250 }).toBe('queued');
  }, 90_000);
});
