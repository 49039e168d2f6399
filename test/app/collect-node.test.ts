// The "collect one node" use case (src/app/collect-node.ts) on in-memory ports: every way a collection attempt ends
// (done, retry later, permanent failure, handed back at shutdown) and what it leaves in the thread and the store.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CollectNodeOptions, collectNode } from '../../src/app/collect-node.js';
import type { JobAttempt } from '../../src/app/job-outcome.js';
import type { CollectionJob } from '../../src/app/ports/collection-queue.js';
import type { MetricsSource } from '../../src/app/ports/metrics-source.js';
import { manualIncident } from '../../src/app/request-collections.js';
import { NodeExecError } from '../../src/exec/node-exec-error.js';
import { resolveNodeSubject } from '../../src/exec/node-subject.js';
import type { NodeInfo } from '../../src/exec/resolve-node.js';
import type { Incident } from '../../src/incident/incident.js';
import { MemoryIncidentStore } from '../support/memory-incident-store.js';
import { MemoryIncidentThread } from '../support/memory-incident-thread.js';
import { memoryLogger } from '../support/memory-logger.js';
import { type ExecutorStep, scriptedExecutor } from '../support/scripted-executor.js';
import { steppingClock } from '../support/stepping-clock.js';

const REPORT = readFileSync(new URL('../../bench/sample-report.txt', import.meta.url), 'utf8');
const START = '2026-11-23T10:00:05.000Z';
const NODES: NodeInfo[] = [
  { name: 'node-7', addresses: [{ type: 'InternalIP', address: '10.0.1.10' }], ready: true },
  { name: 'ip-10-0-3-7', addresses: [{ type: 'InternalIP', address: '10.0.3.7' }], ready: true },
];

/** An incident with a "queued" line for job `c-1`, the ports around it, and a runner of one attempt. */
async function setUp(steps: readonly ExecutorStep[], extra: Partial<CollectNodeOptions> = {}, queued = true) {
  const incident = manualIncident({
    nodes: ['node-7'],
    requester: { userId: 'U1', userName: 'alice' },
    channel: 'C1',
    cluster: 'prod',
    at: '2026-11-23T10:00:00.000Z',
  });
  const store = new MemoryIncidentStore([incident]);
  const thread = new MemoryIncidentThread();
  if (queued) {
    await thread.postEntry(incident, 'queued:c-1', {
      type: 'collection-queued',
      at: '2026-11-23T10:00:00.000Z',
      nodes: ['node-7'],
      reason: 'command',
    });
  }
  const executor = scriptedExecutor(steps);
  const clock = steppingClock(START);
  const logger = memoryLogger();
  const options: CollectNodeOptions = { executor, store, thread, logger, clock, queuedWaitMs: 2000, ...extra };
  const job = (data: Partial<CollectionJob> = {}, attempt = 1, attempts = 3): JobAttempt<CollectionJob> => ({
    id: 'c-1',
    data: { incidentId: incident.id, node: 'node-7', reason: 'command', requestedAt: incident.createdAt, ...data },
    attempt,
    attempts,
  });
  return { incident, store, thread, executor, clock, logger, options, job };
}

const stored = async (store: MemoryIncidentStore, incident: Incident) => (await store.get(incident.id))?.checks ?? [];

describe('collectNode', () => {
  it('records started after queued, posts the diagnosis, the report and the raw evidence, and is done', async () => {
    const w = await setUp([{ report: REPORT }]);
    const outcome = await collectNode(w.options, w.job());

    expect(outcome).toEqual({
      kind: 'done',
      result: { node: 'node-7', complete: true, findings: expect.any(Number) },
    });
    expect(w.thread.keys(w.incident.id)).toEqual([
      'queued:c-1',
      'started:c-1',
      'result:c-1',
      'report:c-1',
      'evidence:c-1',
    ]);
    expect(w.thread.line(w.incident.id, 'started:c-1')).toEqual({
      key: 'started:c-1',
      entry: { type: 'collection-started', at: w.clock.at(0), node: 'node-7', mode: 'agent' },
    });
    const evidence = w.thread.line(w.incident.id, 'evidence:c-1');
    expect(evidence && 'file' in evidence ? evidence.file.content : undefined).toBe(REPORT);
    const checks = await stored(w.store, w.incident);
    expect(checks).toEqual([expect.objectContaining({ node: 'node-7', at: w.clock.at(1), ok: true })]);
    expect(w.thread.roots.get(w.incident.id)?.checks).toEqual(checks);
    // 60 % of the default 120 s job deadline is the collector's own.
    expect(w.executor.requests).toEqual([expect.objectContaining({ node: 'node-7', deadlineSeconds: 72 })]);
  });

  it('collects the node an alert names through the resolver, under its resolved name', async () => {
    const w = await setUp([{ report: REPORT }], {
      resolveNode: async (subject) => resolveNodeSubject(subject, NODES),
    });
    const outcome = await collectNode(
      w.options,
      w.job({ node: '10.0.3.7:9100', alertLabels: { instance: '10.0.3.7:9100' } }),
    );

    expect(outcome).toMatchObject({ kind: 'done', result: { node: 'ip-10-0-3-7' } });
    expect(w.executor.requests.map((r) => r.node)).toEqual(['ip-10-0-3-7']);
    expect(w.thread.line(w.incident.id, 'started:c-1')).toMatchObject({ entry: { node: 'ip-10-0-3-7' } });
  });

  it('ends a permanent failure at once with a final failed line and a failed check', async () => {
    const missing = new NodeExecError('node-not-found', 'node node-404 not found', 'Check the name.');
    const w = await setUp([{ error: missing }]);
    const outcome = await collectNode(w.options, w.job({ node: 'node-404' }));

    expect(outcome).toEqual({ kind: 'permanent-failure', reason: 'node node-404 not found', code: 'node-not-found' });
    expect(w.thread.line(w.incident.id, 'failed:c-1')).toEqual({
      key: 'failed:c-1',
      entry: {
        type: 'collection-failed',
        at: w.clock.at(1),
        node: 'node-404',
        code: 'node-not-found',
        message: 'node node-404 not found',
        hint: 'Check the name.',
        final: true,
      },
    });
    expect(await stored(w.store, w.incident)).toEqual([
      { node: 'node-404', at: w.clock.at(1), ok: false, error: 'node node-404 not found' },
    ]);
  });

  it('asks for a retry after a transient failure, and says so in the thread only on the last attempt', async () => {
    const hiccup = new NodeExecError('apiserver-unreachable', 'etcdserver: leader changed', 'Retry.');
    const w = await setUp([{ error: hiccup }]);

    const first = await collectNode(w.options, w.job({}, 1, 3));
    expect(first).toEqual({
      kind: 'retry-later',
      reason: 'etcdserver: leader changed',
      code: 'apiserver-unreachable',
      lastAttempt: false,
      error: hiccup,
    });
    expect(w.thread.keys(w.incident.id)).not.toContain('failed:c-1');
    expect(await stored(w.store, w.incident)).toEqual([]);

    const last = await collectNode(w.options, w.job({}, 3, 3));
    expect(last).toMatchObject({ kind: 'retry-later', lastAttempt: true, error: hiccup });
    expect(w.thread.line(w.incident.id, 'failed:c-1')).toMatchObject({
      entry: { code: 'apiserver-unreachable', final: true },
    });
  });

  it('hands the job back when the worker stops mid-collection, with no failure anywhere', async () => {
    const w = await setUp(['hang']);
    const stop = new AbortController();
    const running = collectNode(w.options, w.job(), stop.signal);
    const deadline = Date.now() + 10_000;
    while (w.executor.requests.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    stop.abort('shutdown');

    expect(await running).toEqual({ kind: 'handed-back' });
    expect(w.thread.keys(w.incident.id)).toEqual(['queued:c-1', 'started:c-1']);
    expect(await stored(w.store, w.incident)).toEqual([]);
  });

  it('turns an exec that ignores the deadline into a timeout', async () => {
    const w = await setUp(['hang'], {
      jobDeadlineMs: 200,
      executor: scriptedExecutor(['hang'], { ignoreAbort: true }),
    });
    const outcome = await collectNode(w.options, w.job({}, 1, 1));

    expect(outcome).toMatchObject({ kind: 'retry-later', code: 'timeout', lastAttempt: true });
    expect(w.thread.line(w.incident.id, 'failed:c-1')).toMatchObject({ entry: { code: 'timeout', final: true } });
  });

  it('fails a job whose incident is gone without touching the thread', async () => {
    const w = await setUp([{ report: REPORT }]);
    const outcome = await collectNode(w.options, w.job({ incidentId: 'man-gone' }));

    expect(outcome).toEqual({ kind: 'permanent-failure', reason: 'incident man-gone not found', code: 'internal' });
    expect(w.executor.requests).toEqual([]);
  });

  it('goes on without its queued line once the wait is over', async () => {
    const w = await setUp([{ report: REPORT }], { queuedWaitMs: 50 }, false);
    const outcome = await collectNode(w.options, w.job());

    expect(outcome.kind).toBe('done');
    expect(w.thread.keys(w.incident.id)).toEqual(['started:c-1', 'result:c-1', 'report:c-1', 'evidence:c-1']);
  });

  it('still ends the job when the failed line cannot be posted, and logs why', async () => {
    const w = await setUp([{ error: new NodeExecError('rbac-denied', 'pods/exec is forbidden', 'Grant it.') }]);
    w.thread.failWith('postEntry', new Error('slack down'));
    const outcome = await collectNode(w.options, w.job());

    expect(outcome).toMatchObject({ kind: 'permanent-failure', code: 'rbac-denied' });
    expect(w.logger.lines).toContainEqual(
      expect.objectContaining({ level: 'error', message: 'could not post the failed collection' }),
    );
  });

  it('keeps the diagnosis when the metrics source fails, and logs the cross-check failure', async () => {
    const down: MetricsSource = {
      query: () => Promise.reject(new Error('connection refused')),
      queryRange: () => Promise.reject(new Error('connection refused')),
    };
    const w = await setUp([{ report: REPORT }], { metrics: down });
    const outcome = await collectNode(w.options, w.job());

    expect(outcome.kind).toBe('done');
    expect(w.thread.keys(w.incident.id)).toContain('result:c-1');
    expect(w.logger.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', message: 'Prometheus cross-check failed' }),
    );
  });
});
