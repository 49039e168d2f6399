// Workers coming and going on one Redis: a graceful close lets the running job finish; a close that runs out of time
// hands the job back and another worker completes it; a worker that dies mid-job (its lock is never renewed) is
// taken over by another; two workers share the jobs and every job, and every post, happens once.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs } from '../k8s/k8s-helpers.js';
import { scriptedExec } from '../support/exec-handlers.js';
import { type RedisServer, startRedis } from '../support/redis-server.js';
import { closeAll, waitFor } from './queue-helpers.js';
import { sampleReport, startQueueWorld } from './queue-world.js';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
  removeTempDirs();
});
afterEach(closeAll);

const state = async (world: Awaited<ReturnType<typeof startQueueWorld>>, jobId: string) =>
  (await world.queue.collect.getJob(jobId))?.getState();

describe('worker lifecycle', () => {
  it('close() waits for the running job, which completes and posts its result', async () => {
    const world = await startQueueWorld(redis);
    world.api.exec = scriptedExec({ stdout: sampleReport, delayMs: 1000 });
    const jobId = await world.request('node-7');
    const worker = world.worker();
    await waitFor(() => world.thread.posts().some((p) => p.key === `started:${jobId}`), 10_000, 'started');
    await worker.close(10_000);
    expect(await state(world, jobId)).toBe('completed');
    expect(world.thread.posts().some((p) => p.key === `result:${jobId}`)).toBe(true);
  });

  it('a close that runs out of time returns the job to the queue (no attempt used); another worker finishes it', async () => {
    const world = await startQueueWorld(redis);
    world.api.exec = scriptedExec({ stdout: sampleReport, delayMs: 5000 });
    const jobId = await world.request('node-7');
    const first = world.worker();
    await waitFor(() => world.thread.posts().some((p) => p.key === `started:${jobId}`), 10_000, 'started');
    const closing = Date.now();
    await first.close(300);
    expect(Date.now() - closing).toBeLessThan(3000);
    const job = await world.queue.collect.getJob(jobId);
    expect(['delayed', 'waiting']).toContain(await job?.getState());
    expect(job?.attemptsMade).toBe(0);

    world.api.exec = scriptedExec({ stdout: sampleReport });
    world.worker();
    await waitFor(async () => (await state(world, jobId)) === 'completed', 10_000, 'completed by the second worker');
    const keys = world.thread.posts().map((p) => p.key);
    expect(keys.filter((k) => k === `result:${jobId}`)).toHaveLength(1);
    expect(keys).not.toContain(`failed:${jobId}`);
  });

  it('a worker that dies mid-job loses its lock; another worker takes the job over', async () => {
    const world = await startQueueWorld(redis);
    world.api.exec = scriptedExec({ stdout: sampleReport, delayMs: 30_000 });
    const jobId = await world.request('node-7');
    const dying = world.worker({ lockDurationMs: 1000 });
    await waitFor(() => world.thread.posts().some((p) => p.key === `started:${jobId}`), 10_000, 'started');
    // A crash: the connection goes away with the job active, nothing is cleaned up.
    await dying.worker.close(true);
    dying.worker.cancelAllJobs();

    world.api.exec = scriptedExec({ stdout: sampleReport });
    world.worker({ stalledIntervalMs: 500 });
    await waitFor(async () => (await state(world, jobId)) === 'completed', 15_000, 'taken over and completed');
    const keys = world.thread.posts().map((p) => p.key);
    expect(keys.filter((k) => k === `result:${jobId}`)).toHaveLength(1);
  });

  it('two workers on one Redis process each job once and post each message once', async () => {
    const nodes = Array.from({ length: 8 }, (_, i) => `node-${i + 1}`);
    const world = await startQueueWorld(redis, { nodes });
    world.api.exec = scriptedExec({ stdout: sampleReport, delayMs: 150 });
    const a = world.worker();
    const b = world.worker();
    const processedBy = new Map<string, string[]>();
    for (const w of [a, b]) {
      w.worker.on('active', (job) => {
        processedBy.set(job.id ?? '', [...(processedBy.get(job.id ?? '') ?? []), w.worker.opts.name ?? '']);
      });
    }
    const jobIds = await Promise.all(nodes.map((node) => world.request(node)));
    await waitFor(
      async () => (await Promise.all(jobIds.map((id) => state(world, id)))).every((s) => s === 'completed'),
      15_000,
      'all completed',
    );
    expect([...processedBy.values()].every((names) => names.length === 1)).toBe(true);
    expect(new Set([...processedBy.values()].flat()).size).toBe(2);
    expect(world.thread.repeatedKeys()).toEqual([]);
    const results = world.thread.posts().filter((p) => p.key.startsWith('result:'));
    expect(results).toHaveLength(nodes.length);
    expect(world.api.requests.filter((r) => r.upgrade)).toHaveLength(nodes.length);
  });
});
