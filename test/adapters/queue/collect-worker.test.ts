// The collection worker on a real Redis, collecting through the agent executor from the fake kube-apiserver and
// posting through the real incident thread and Slack poster into the fake Slack: the thread it writes, permanent
// failures (no retry, one final entry), transient ones (retried with backoff, the entry only on the last attempt), the
// per-job deadline.
import { describe, expect, it } from 'vitest';
import { scriptedExec, stalledExec } from '../../support/exec-handlers.js';
import { internalError } from '../../support/kube-status.js';
import { poll } from '../../support/poll.js';
import { jobIn } from '../../support/queue-helpers.js';
import { redisForFile } from '../../support/redis-for-file.js';
import { type ClusterWorld, sampleReport, startServiceWorld } from '../../support/service-world.js';
import { track } from '../../support/track.js';

const redis = redisForFile();

const failures = (world: ClusterWorld) => world.view().filter((line) => / failed/.test(line));

describe('collect worker', () => {
  it('posts started after queued, then the diagnosis, the report and the raw evidence, and updates the root', async () => {
    const world = track(await startServiceWorld(redis, { cluster: {} }));
    const jobId = await world.request('node-7');
    await world.worker();
    await jobIn(world.parts.collections.collect, jobId, 'completed');

    expect(world.view()).toEqual([
      expect.stringMatching(/Collection queued for node-7 \(command\)$/),
      expect.stringMatching(/Collecting from node-7 \(agent\)$/),
      expect.stringMatching(/^node-7: /),
      'file:netcheck-node-7.txt',
      'file:netcheck-node-7-raw.txt',
    ]);
    const [, started, result] = world.messages();
    expect(JSON.stringify(started?.blocks)).toContain('through the netcheck agent');
    expect(JSON.stringify(result?.blocks)).toContain('netcheck_rerun');
    // Nobody is pinged from the thread.
    expect(world.slack.mentions()).toEqual([]);

    const files = world.files();
    expect(files.map((f) => f.filename)).toEqual(['netcheck-node-7.txt', 'netcheck-node-7-raw.txt']);
    expect(files[1]?.bytes?.toString('utf8')).toBe(sampleReport);
    expect(files[1]?.title).toBe('node-7: raw collector output');
    const report = files[0]?.bytes?.toString('utf8') ?? '';
    expect(report).toContain('node-7');
    expect(report).not.toContain('\u001b[');

    const stored = await world.parts.store.get(world.incident.id);
    expect(stored?.checks).toEqual([expect.objectContaining({ node: 'node-7', ok: true })]);
    // The root message, updated in place, lists the check.
    const root = world.root();
    expect(root.edits).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(root.blocks)).toContain('Latest node checks');
    expect(JSON.stringify(root.blocks)).toContain('node-7');
    // The collector ran as argv in the node's agent pod.
    const exec = world.api.requests.find((r) => r.upgrade);
    expect(exec?.path).toBe('/api/v1/namespaces/netcheck/pods/netcheck-agent-0x7k2/exec');
  });

  it('waits for the queued entry before posting started (causal order across processes)', async () => {
    const world = track(await startServiceWorld(redis, { cluster: {} }));
    const outcome = await world.parts.collections.enqueue({
      incidentId: world.incident.id,
      node: 'node-8',
      reason: 'command',
      requestedAt: '2026-11-23T10:00:00.000Z',
    });
    if (outcome.state !== 'queued') throw new Error(outcome.state);
    await world.worker();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(world.view()).toEqual([]);
    await world.parts.thread.postEntry(world.incident, `queued:${outcome.jobId}`, {
      type: 'collection-queued',
      at: '2026-11-23T10:00:00.000Z',
      nodes: ['node-8'],
      reason: 'command',
    });
    await poll(() => world.view().includes('file:netcheck-node-8-raw.txt'), 10_000, 'evidence');
    expect(world.view().slice(0, 2)).toEqual([
      expect.stringMatching(/Collection queued for node-8/),
      expect.stringMatching(/Collecting from node-8/),
    ]);
  });

  it('fails an unknown node at once: UnrecoverableError, no retry, one final entry with the hint', async () => {
    const world = track(await startServiceWorld(redis, { cluster: {} }));
    const jobId = await world.request('node-404');
    await world.worker();
    const job = await jobIn(world.parts.collections.collect, jobId, 'failed');
    expect(job.attemptsMade).toBe(1);
    expect(job.opts.attempts).toBe(3);
    await poll(() => failures(world).length > 0, 5000, 'the failure in the thread');
    expect(failures(world)).toEqual([expect.stringMatching(/Collection from node-404 failed: /)]);
    const message = world.messages().find((m) => / failed/.test(m.text));
    const blocks = JSON.stringify(message?.blocks);
    expect(blocks).toContain('`node-not-found`');
    expect(blocks).not.toContain('will retry');
    expect(blocks).toContain(':point_right:');
    const stored = await world.parts.store.get(world.incident.id);
    expect(stored?.checks).toEqual([expect.objectContaining({ node: 'node-404', ok: false })]);
    expect(JSON.stringify(world.root().blocks)).toContain('node-404');
  });

  it('fails an RBAC denial at once, with the permission in the message', async () => {
    const world = track(await startServiceWorld(redis, { cluster: {} }));
    world.api.deny({ verb: 'get', resource: 'pods/exec', namespace: 'netcheck' });
    const jobId = await world.request('node-7');
    await world.worker();
    const job = await jobIn(world.parts.collections.collect, jobId, 'failed');
    expect(job.attemptsMade).toBe(1);
    await poll(() => failures(world).length > 0, 5000, 'the failure in the thread');
    const message = world.messages().find((m) => / failed/.test(m.text));
    expect(JSON.stringify(message?.blocks)).toContain('`rbac-denied`');
    expect(message?.text).toContain('pods/exec');
  });

  it('retries a transient failure with backoff and posts no failure when a retry succeeds', async () => {
    const world = track(await startServiceWorld(redis, { cluster: {}, tuning: { collectQueue: { backoffMs: 400 } } }));
    world.api.inject({
      method: 'GET',
      path: /\/pods$/,
      respond: internalError('etcdserver: leader changed'),
      times: 1,
    });
    const jobId = await world.request('node-7');
    await world.worker();
    const job = await jobIn(world.parts.collections.collect, jobId, 'completed');
    // The failed attempt and the one that succeeded.
    expect(job.attemptsMade).toBe(2);
    const lists = world.api.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/pods'));
    expect(lists.length).toBe(2);
    await poll(() => world.view().includes('file:netcheck-node-7-raw.txt'), 5000, 'the result');
    expect(failures(world)).toEqual([]);
    // "Collecting" once: the retry's post found the first attempt's claim.
    expect(world.view().filter((line) => line.includes('Collecting from'))).toHaveLength(1);
    // The retry waited for the backoff.
    expect((job.processedOn ?? 0) - (job.timestamp ?? 0)).toBeGreaterThanOrEqual(400);
  });

  it('posts the failure only once, on the last attempt, when every attempt fails', async () => {
    const world = track(
      await startServiceWorld(redis, { cluster: {}, tuning: { collectQueue: { attempts: 2, backoffMs: 300 } } }),
    );
    world.api.exec = scriptedExec({ stderr: 'sh: can not run\n', exitCode: 126 });
    const jobId = await world.request('node-7');
    await world.worker();
    // After the first attempt failed (the job waits out its backoff), nothing about it is in the thread.
    await poll(
      async () => (await world.parts.collections.collect.getJobState(jobId)) === 'delayed',
      5000,
      'first attempt',
    );
    expect(failures(world)).toEqual([]);
    const job = await jobIn(world.parts.collections.collect, jobId, 'failed');
    expect(job.attemptsMade).toBe(2);
    await poll(() => failures(world).length > 0, 5000, 'the failure in the thread');
    expect(failures(world)).toHaveLength(1);
    expect(world.slack.callsTo('chat.postMessage').filter((c) => / failed/.test(String(c.args.text)))).toHaveLength(1);
    expect(JSON.stringify(world.messages().find((m) => / failed/.test(m.text))?.blocks)).not.toContain('will retry');
  });

  it('gives up on a hung exec at the job deadline and reports a timeout', async () => {
    const world = track(await startServiceWorld(redis, { cluster: {}, tuning: { collectQueue: { attempts: 1 } } }));
    world.api.exec = stalledExec();
    const jobId = await world.request('node-7');
    const started = Date.now();
    await world.worker({ jobDeadlineMs: 1500 });
    const job = await jobIn(world.parts.collections.collect, jobId, 'failed');
    expect(Date.now() - started).toBeLessThan(6000);
    expect(job.failedReason).toMatch(/deadline/);
    await poll(() => failures(world).length > 0, 5000, 'the failure in the thread');
    expect(JSON.stringify(world.messages().find((m) => / failed/.test(m.text))?.blocks)).toContain('`timeout`');
  });
});
