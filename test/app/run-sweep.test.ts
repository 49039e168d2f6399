// The "run a sweep" use case (src/app/run-sweep.ts) on in-memory ports: the table posted once, a node-list sweep's
// nodes found from their alerts' labels, a failure to list the nodes retried then reported, and a hand-back when the
// worker stops.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { JobAttempt } from '../../src/app/job-outcome.js';
import { manualIncident } from '../../src/app/request-collections.js';
import { type RunSweepOptions, runSweep, type SweepJob } from '../../src/app/run-sweep.js';
import { NodeExecError } from '../../src/exec/node-exec-error.js';
import type { NodeInfo } from '../../src/exec/resolve-node.js';
import { MemoryIncidentStore } from '../support/memory-incident-store.js';
import { MemoryIncidentThread } from '../support/memory-incident-thread.js';
import { memoryLogger } from '../support/memory-logger.js';
import { type ExecutorStep, scriptedExecutor } from '../support/scripted-executor.js';
import { steppingClock } from '../support/stepping-clock.js';

const REPORT = readFileSync(new URL('../../bench/sample-report.txt', import.meta.url), 'utf8');
const NODES: NodeInfo[] = ['node-1', 'node-2', 'node-3'].map((name, i) => ({
  name,
  addresses: [{ type: 'InternalIP', address: `10.0.2.${i + 1}` }],
  ready: true,
}));

function setUp(step: (node: string) => ExecutorStep, extra: Partial<RunSweepOptions> = {}) {
  const incident = manualIncident({
    nodes: [],
    requester: { userId: 'U1', userName: 'alice' },
    channel: 'C1',
    cluster: 'prod',
    at: '2026-11-23T10:00:00.000Z',
  });
  const store = new MemoryIncidentStore([incident]);
  const thread = new MemoryIncidentThread();
  const executor = scriptedExecutor((request) => step(request.node));
  const clock = steppingClock('2026-11-23T10:00:05.000Z');
  const logger = memoryLogger();
  const options: RunSweepOptions = {
    executor,
    listNodes: async () => NODES,
    store,
    thread,
    logger,
    clock,
    queuedWaitMs: 20,
    ...extra,
  };
  const job = (data: Partial<SweepJob> = {}, attempt = 1, attempts = 1): JobAttempt<SweepJob> => ({
    id: 's-1',
    data: { incidentId: incident.id, requestedAt: incident.createdAt, ...data },
    attempt,
    attempts,
  });
  return { incident, store, thread, executor, clock, logger, options, job };
}

describe('runSweep', () => {
  it('collects every node, keeps the failed one as a row, and posts the message and the table once', async () => {
    const w = setUp((node) =>
      node === 'node-2'
        ? { error: new NodeExecError('agent-not-found', 'no agent on node-2', 'Deploy it.') }
        : { report: REPORT },
    );
    const outcome = await runSweep(w.options, w.job());

    expect(outcome).toEqual({ kind: 'done', result: { nodes: 3, failed: 1, hotspots: expect.any(Number) } });
    expect(w.thread.keys(w.incident.id)).toEqual(['started:s-1', 'sweep:s-1', 'sweep-table:s-1']);
    expect(w.thread.line(w.incident.id, 'started:s-1')).toMatchObject({
      entry: { type: 'collection-started', node: 'all nodes', at: w.clock.at(0) },
    });
    const table = w.thread.line(w.incident.id, 'sweep-table:s-1');
    expect(table && 'file' in table ? String(table.file.content) : '').toContain('node-2');
    expect(w.thread.roots.has(w.incident.id)).toBe(true);

    // A retried job posts nothing twice.
    await runSweep(w.options, w.job());
    expect(w.thread.keys(w.incident.id)).toEqual(['started:s-1', 'sweep:s-1', 'sweep-table:s-1']);
  });

  it('sweeps a node list, each node found from its alert labels, an unknown one reported in its row', async () => {
    const w = setUp(() => ({ report: REPORT }));
    const outcome = await runSweep(
      w.options,
      w.job({
        nodes: ['10.0.2.3:9100', 'node-1', 'ghost'],
        nodeLabels: { '10.0.2.3:9100': { instance: '10.0.2.3:9100' } },
      }),
    );

    expect(outcome).toMatchObject({ kind: 'done', result: { nodes: 3, failed: 1 } });
    expect(w.executor.requests.map((r) => r.node).sort()).toEqual(['node-1', 'node-3']);
    expect(w.thread.line(w.incident.id, 'started:s-1')).toMatchObject({ entry: { node: '3 nodes' } });
  });

  it('asks for a retry when the nodes cannot be listed, and reports the failure on the last attempt', async () => {
    const w = setUp(() => ({ report: REPORT }), {
      listNodes: () => Promise.reject(new Error('apiserver: connection refused')),
    });
    const first = await runSweep(w.options, w.job({}, 1, 2));
    expect(first).toMatchObject({ kind: 'retry-later', reason: 'apiserver: connection refused', lastAttempt: false });
    expect(w.thread.keys(w.incident.id)).toEqual(['started:s-1']);

    const last = await runSweep(w.options, w.job({}, 2, 2));
    expect(last).toMatchObject({ kind: 'retry-later', lastAttempt: true });
    expect(w.thread.line(w.incident.id, 'failed:s-1')).toMatchObject({
      entry: { type: 'collection-failed', node: 'all nodes', code: 'internal', final: true },
    });
  });

  it('hands the sweep back when the worker stops, without a partial table', async () => {
    const w = setUp(() => 'hang');
    const stop = new AbortController();
    const running = runSweep(w.options, w.job(), stop.signal);
    const deadline = Date.now() + 10_000;
    while (w.executor.requests.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    stop.abort('shutdown');

    expect(await running).toEqual({ kind: 'handed-back' });
    expect(w.thread.keys(w.incident.id)).toEqual(['started:s-1']);
  });
});
