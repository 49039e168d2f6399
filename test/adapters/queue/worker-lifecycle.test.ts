// Workers coming and going on one Redis: a graceful close lets the running job finish; a close that runs out of time
// hands the job back and another worker completes it; a worker that dies mid-job (its lock is never renewed) is
// taken over by another; two workers share the jobs and every job, and every post, happens once. Each worker is its
// own replica (store, claims, poster, thread) on the shared Redis, posting into the fake Slack.
import { describe, expect, it } from 'vitest';
import { scriptedExec } from '../../support/exec-handlers.js';
import { poll } from '../../support/poll.js';
import { redisForFile } from '../../support/redis-for-file.js';
import { type ClusterWorld, sampleReport, startServiceWorld } from '../../support/service-world.js';
import { track } from '../../support/track.js';

const redis = redisForFile();

/** The thread says the collection of node-7 started. */
const started = (world: ClusterWorld) => world.view().some((line) => line.includes('Collecting from node-7'));

/** Thread lines (timeline times left out) that appear more than once. */
function once(world: ClusterWorld): string[] {
  const seen = new Set<string>();
  const repeated: string[] = [];
  for (const line of world.view()) {
    const key = line.replace(/^\d{4}-\d\d-\d\dT\S+ /, '');
    if (seen.has(key)) repeated.push(key);
    seen.add(key);
  }
  return repeated;
}

const state = async (world: Awaited<ReturnType<typeof startServiceWorld>>, jobId: string) =>
  (await world.parts.collections.collect.getJob(jobId))?.getState();

describe('worker lifecycle', () => {
  it('close() waits for the running job, which completes and posts its result', async () => {
    const world = track(await startServiceWorld(redis, { cluster: {} }));
    world.api.exec = scriptedExec({ stdout: sampleReport, delayMs: 1000 });
    const jobId = await world.request('node-7');
    const worker = await world.worker();
    await poll(() => started(world), 10_000, 'started');
    await worker.close(10_000);
    expect(await state(world, jobId)).toBe('completed');
    expect(world.view()).toEqual([
      expect.stringMatching(/Collection queued for node-7/),
      expect.stringMatching(/Collecting from node-7/),
      expect.stringMatching(/^node-7: /),
      'file:netcheck-node-7.txt',
      'file:netcheck-node-7-raw.txt',
    ]);
  });

  it('a close that runs out of time returns the job to the queue (no attempt used); another worker finishes it', async () => {
    const world = track(await startServiceWorld(redis, { cluster: {} }));
    world.api.exec = scriptedExec({ stdout: sampleReport, delayMs: 5000 });
    const jobId = await world.request('node-7');
    const first = await world.worker();
    await poll(() => started(world), 10_000, 'started');
    const closing = Date.now();
    await first.close(300);
    expect(Date.now() - closing).toBeLessThan(3000);
    const job = await world.parts.collections.collect.getJob(jobId);
    expect(['delayed', 'waiting']).toContain(await job?.getState());
    expect(job?.attemptsMade).toBe(0);

    world.api.exec = scriptedExec({ stdout: sampleReport });
    await world.worker();
    await poll(async () => (await state(world, jobId)) === 'completed', 10_000, 'completed by the second worker');
    expect(once(world)).toEqual([]);
    expect(world.view().filter((line) => line.startsWith('node-7: '))).toHaveLength(1);
    expect(world.view().some((line) => / failed/.test(line))).toBe(false);
  });

  it('a worker that dies mid-job loses its lock; another worker takes the job over', async () => {
    const world = track(await startServiceWorld(redis, { cluster: {} }));
    world.api.exec = scriptedExec({ stdout: sampleReport, delayMs: 30_000 });
    const jobId = await world.request('node-7');
    const dying = await world.worker({ lockDurationMs: 1000 });
    await poll(() => started(world), 10_000, 'started');
    // A crash: the connection goes away with the job active, nothing is cleaned up.
    await dying.worker.close(true);
    dying.worker.cancelAllJobs();

    world.api.exec = scriptedExec({ stdout: sampleReport });
    await world.worker({ stalledIntervalMs: 500 });
    await poll(async () => (await state(world, jobId)) === 'completed', 15_000, 'taken over and completed');
    // The dead worker's "Collecting" stands; the new one posts the rest, once.
    expect(world.view()).toEqual([
      expect.stringMatching(/Collection queued for node-7/),
      expect.stringMatching(/Collecting from node-7/),
      expect.stringMatching(/^node-7: /),
      'file:netcheck-node-7.txt',
      'file:netcheck-node-7-raw.txt',
    ]);
    expect(world.api.requests.filter((r) => r.upgrade)).toHaveLength(2);
  });

  it('two workers on one Redis process each job once and post each message once', async () => {
    const nodes = Array.from({ length: 8 }, (_, i) => `node-${i + 1}`);
    const world = track(await startServiceWorld(redis, { cluster: { nodes } }));
    world.api.exec = scriptedExec({ stdout: sampleReport, delayMs: 150 });
    const a = await world.worker();
    const b = await world.worker();
    const processedBy = new Map<string, string[]>();
    for (const w of [a, b]) {
      w.worker.on('active', (job) => {
        processedBy.set(job.id ?? '', [...(processedBy.get(job.id ?? '') ?? []), w.worker.opts.name ?? '']);
      });
    }
    const jobIds = await Promise.all(nodes.map((node) => world.request(node)));
    await poll(
      async () => (await Promise.all(jobIds.map((id) => state(world, id)))).every((s) => s === 'completed'),
      15_000,
      'all completed',
    );
    expect([...processedBy.values()].every((names) => names.length === 1)).toBe(true);
    expect(new Set([...processedBy.values()].flat()).size).toBe(2);
    expect(once(world)).toEqual([]);
    const view = world.view();
    for (const node of nodes) {
      expect(view.filter((line) => line.startsWith(`${node}: `))).toHaveLength(1);
      expect(view.filter((line) => line.endsWith(`Collecting from ${node} (agent)`))).toHaveLength(1);
      expect(view.filter((line) => line === `file:netcheck-${node}-raw.txt`)).toHaveLength(1);
    }
    // 8 × (queued, started, result) + 8 × 2 files in one thread, nothing else; and one chat.postMessage per message.
    expect(view).toHaveLength(nodes.length * 5);
    expect(world.slack.callsTo('chat.postMessage').filter((c) => c.ok)).toHaveLength(nodes.length * 3 + 1);
    expect(world.api.requests.filter((r) => r.upgrade)).toHaveLength(nodes.length);
  });
});
