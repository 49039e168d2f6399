// The collection worker on a real Redis, collecting through the agent executor from the fake kube-apiserver:
// the thread it writes, permanent failures (no retry, one final entry), transient ones (retried with backoff, the
// entry only on the last attempt), the per-job deadline.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../src/incident/incident.js';
import { removeTempDirs } from '../k8s/k8s-helpers.js';
import { scriptedExec, stalledExec } from '../support/exec-handlers.js';
import { internalError } from '../support/kube-status.js';
import { type RedisServer, startRedis } from '../support/redis-server.js';
import { closeAll, jobIn, waitFor } from './queue-helpers.js';
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

const entryOf = (post: { method: string } & Partial<{ entry: TimelineEntry }>) => post.entry;

describe('collect worker', () => {
  it('posts started after queued, then the diagnosis, the report and the raw evidence, and records the check', async () => {
    const world = await startQueueWorld(redis);
    const jobId = await world.request('node-7');
    world.worker();
    const job = await world.queue.collect.getJob(jobId);
    await waitFor(async () => (await job?.getState()) === 'completed', 10_000, 'job completed');

    const posts = world.thread.posts(world.incident.id);
    expect(posts.map((p) => p.key)).toEqual([
      `queued:${jobId}`,
      `started:${jobId}`,
      `result:${jobId}`,
      `report:${jobId}`,
      `evidence:${jobId}`,
    ]);
    expect(entryOf(posts[1]!)).toMatchObject({ type: 'collection-started', node: 'node-7', mode: 'agent' });
    const result = posts[2]!;
    if (result.method !== 'postMessage') throw new Error('expected a message');
    expect(result.message.text).toContain('node-7');
    expect(JSON.stringify(result.message.blocks)).toContain('netcheck_rerun');
    const evidence = posts[4]!;
    if (evidence.method !== 'uploadFile') throw new Error('expected a file');
    expect(evidence.file.content).toBe(sampleReport);
    const report = posts[3]!;
    if (report.method !== 'uploadFile') throw new Error('expected a file');
    expect(String(report.file.content)).not.toContain('\u001b[');
    expect(String(report.file.content)).toContain('node-7');

    const stored = await world.store.get(world.incident.id);
    expect(stored?.checks).toEqual([expect.objectContaining({ node: 'node-7', ok: true })]);
    expect(world.thread.calls.at(-1)).toMatchObject({ method: 'updateRoot' });
    // The collector ran as argv in the node's agent pod.
    const exec = world.api.requests.find((r) => r.upgrade)!;
    expect(exec.path).toBe('/api/v1/namespaces/netcheck/pods/netcheck-agent-0x7k2/exec');
  });

  it('waits for the queued entry before posting started (causal order across processes)', async () => {
    const world = await startQueueWorld(redis);
    const outcome = await world.queue.enqueue({
      incidentId: world.incident.id,
      node: 'node-8',
      reason: 'command',
      requestedAt: '2026-11-23T10:00:00.000Z',
    });
    if (outcome.state !== 'queued') throw new Error(outcome.state);
    world.worker();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(world.thread.posts().map((p) => p.key)).toEqual([]);
    await world.thread.postEntry(world.incident, `queued:${outcome.jobId}`, {
      type: 'collection-queued',
      at: '2026-11-23T10:00:00.000Z',
      nodes: ['node-8'],
      reason: 'command',
    });
    await waitFor(() => world.thread.posts().some((p) => p.key === `evidence:${outcome.jobId}`), 10_000, 'evidence');
    expect(world.thread.posts()[1]?.key).toBe(`started:${outcome.jobId}`);
  });

  it('fails an unknown node at once: UnrecoverableError, no retry, one final entry with the hint', async () => {
    const world = await startQueueWorld(redis);
    const jobId = await world.request('node-404');
    world.worker();
    const job = await jobIn(world.queue.collect, jobId, 'failed');
    expect(job.attemptsMade).toBe(1);
    expect(job.opts.attempts).toBe(3);
    const failed = world.thread.posts().filter((p) => entryOf(p)?.type === 'collection-failed');
    expect(failed.map((p) => entryOf(p))).toEqual([
      expect.objectContaining({ node: 'node-404', code: 'node-not-found', final: true, hint: expect.any(String) }),
    ]);
    const stored = await world.store.get(world.incident.id);
    expect(stored?.checks).toEqual([expect.objectContaining({ node: 'node-404', ok: false })]);
  });

  it('fails an RBAC denial at once, with the permission in the message', async () => {
    const world = await startQueueWorld(redis);
    world.api.deny({ verb: 'get', resource: 'pods/exec', namespace: 'netcheck' });
    const jobId = await world.request('node-7');
    world.worker();
    const job = await jobIn(world.queue.collect, jobId, 'failed');
    expect(job.attemptsMade).toBe(1);
    const entry = world.thread
      .posts()
      .map(entryOf)
      .find((e) => e?.type === 'collection-failed');
    expect(entry).toMatchObject({ code: 'rbac-denied', final: true });
    expect(entry && 'message' in entry ? entry.message : '').toContain('pods/exec');
  });

  it('retries a transient failure with backoff and posts no failure when a retry succeeds', async () => {
    const world = await startQueueWorld(redis, { backoffMs: 400 });
    world.api.inject({
      method: 'GET',
      path: /\/pods$/,
      respond: internalError('etcdserver: leader changed'),
      times: 1,
    });
    const jobId = await world.request('node-7');
    world.worker();
    const job = await jobIn(world.queue.collect, jobId, 'completed');
    // The failed attempt and the one that succeeded.
    expect(job.attemptsMade).toBe(2);
    const lists = world.api.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/pods'));
    expect(lists.length).toBe(2);
    expect(world.thread.posts().map((p) => p.key)).not.toContain(`failed:${jobId}`);
    expect(world.thread.posts().some((p) => p.key === `result:${jobId}`)).toBe(true);
    // The retry waited for the backoff.
    expect((job.processedOn ?? 0) - (job.timestamp ?? 0)).toBeGreaterThanOrEqual(400);
  });

  it('posts the failure only once, on the last attempt, when every attempt fails', async () => {
    const world = await startQueueWorld(redis, { attempts: 2, backoffMs: 100 });
    world.api.exec = scriptedExec({ stderr: 'sh: can not run\n', exitCode: 126 });
    const jobId = await world.request('node-7');
    world.worker();
    const job = await jobIn(world.queue.collect, jobId, 'failed');
    expect(job.attemptsMade).toBe(2);
    const failed = world.thread.calls.filter((c) => c.method === 'postEntry' && c.entry.type === 'collection-failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ key: `failed:${jobId}`, entry: { final: true } });
  });

  it('gives up on a hung exec at the job deadline and reports a timeout', async () => {
    const world = await startQueueWorld(redis, { attempts: 1 });
    world.api.exec = stalledExec();
    const jobId = await world.request('node-7');
    const started = Date.now();
    world.worker({ jobDeadlineMs: 1500 });
    const job = await jobIn(world.queue.collect, jobId, 'failed');
    expect(Date.now() - started).toBeLessThan(6000);
    expect(job.failedReason).toMatch(/deadline/);
    const entry = world.thread
      .posts()
      .map(entryOf)
      .find((e) => e?.type === 'collection-failed');
    expect(entry).toMatchObject({ code: 'timeout', final: true });
  });
});
