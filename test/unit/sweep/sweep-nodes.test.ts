import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../src/diagnose.js';
import { NodeExecError } from '../../../src/exec/node-exec-error.js';
import { isFailure, type NodeSuccess, type SweepProgress, sweepNodes } from '../../../src/sweep/sweep-nodes.js';
import { SAMPLE_REPORT, simulatedExecutor, withRisingCounters } from './sweep-helpers.js';

const SMALL_REPORT = readFileSync(
  new URL('../../fixtures/real/a-proc-buckets-max-laptop-nixos-12987/input.txt', import.meta.url),
  'utf8',
);
const names = (n: number) => Array.from({ length: n }, (_, i) => `node-${i + 1}`);

describe('sweepNodes', () => {
  it('keeps at most `concurrency` collections in flight and finishes close to the ideal makespan', async () => {
    // A small real paste as every node's report: the test measures scheduling, not diagnosis.
    const sim = simulatedExecutor({ latencyMs: 40, nodes: () => ({ report: SMALL_REPORT, complete: true }) });
    diagnoseText(SMALL_REPORT); // warm: the first diagnosis compiles the parsers
    const progress: SweepProgress[] = [];
    const result = await sweepNodes({
      executor: sim.executor,
      nodes: names(100),
      concurrency: 10,
      onProgress: (p) => progress.push(p),
    });
    expect(sim.maxInFlight).toBe(10);
    expect(result.nodes.map((n) => n.node)).toEqual(names(100));
    expect(result.nodes.every((n) => !isFailure(n) && n.complete)).toBe(true);
    // ideal: 100 / 10 × 40 ms = 400 ms (bench/sweep.mjs holds it to 1.2×; a busy test machine gets slack here)
    expect(result.durationMs).toBeGreaterThanOrEqual(390);
    expect(result.durationMs).toBeLessThan(400 * 2);
    expect(progress).toHaveLength(100);
    expect(progress.at(-1)).toMatchObject({ done: 100, failed: 0, total: 100, running: 0 });
    expect(progress.map((p) => p.done)).toEqual(names(100).map((_, i) => i + 1));
  });

  it('passes the interval and the in-node deadline to the executor, with a signal per node', async () => {
    const sim = simulatedExecutor({ latencyMs: 1 });
    await sweepNodes({ executor: sim.executor, nodes: ['a', 'b'], interval: 2, deadlineSeconds: 30 });
    expect(sim.calls.map((c) => [c.node, c.interval, c.deadlineSeconds])).toEqual([
      ['a', 2, 30],
      ['b', 2, 30],
    ]);
    expect(sim.calls[0]!.signal).toBeInstanceOf(AbortSignal);
    expect(sim.calls[0]!.signal).not.toBe(sim.calls[1]!.signal);
  });

  it('returns partial results: typed failures next to the nodes that answered, in the order given', async () => {
    const denied = new NodeExecError(
      'rbac-denied',
      'not allowed to exec into pod netcheck-agent-x: pods "netcheck-agent-x" is forbidden',
      'Grant create and get on pods/exec in namespace netcheck.',
    );
    const sim = simulatedExecutor({
      latencyMs: 5,
      nodes: (node) =>
        node === 'node-2'
          ? { fail: denied }
          : node === 'node-3'
            ? { report: '', exitCode: 127, stderr: 'sh: not found\n' }
            : node === 'node-4'
              ? { fail: new TypeError('fetch failed') }
              : {},
    });
    const result = await sweepNodes({
      executor: sim.executor,
      nodes: [
        'node-1',
        'node-2',
        'node-3',
        'node-4',
        { name: 'node-5', ready: false, notReadyReason: 'KubeletNotReady: PLEG is not healthy' },
      ],
    });
    expect(result.nodes.map((n) => (isFailure(n) ? n.error.code : 'ok'))).toEqual([
      'ok',
      'rbac-denied',
      'exec-failed',
      'exec-failed',
      'node-not-ready',
    ]);
    const [, rbac, empty, thrown, notReady] = result.nodes;
    expect(isFailure(rbac!) && rbac.error).toEqual({ code: 'rbac-denied', message: denied.message, hint: denied.hint });
    expect(isFailure(empty!) && empty.error.message).toBe(
      'the collector on node-3 ended with exit status 127 and printed no report: sh: not found',
    );
    expect(isFailure(thrown!) && thrown.error.message).toBe('collecting from node-4 failed: fetch failed');
    expect(isFailure(notReady!) && notReady.error.message).toBe(
      'node node-5 is not Ready (KubeletNotReady: PLEG is not healthy)',
    );
    expect(sim.calls.map((c) => c.node)).not.toContain('node-5');
  });

  it('gives up on a node that does not answer within the node deadline, aborts it, and goes on', async () => {
    const sim = simulatedExecutor({ latencyMs: 5, nodes: (node) => (node === 'stuck' ? { hang: true } : {}) });
    const started = performance.now();
    const result = await sweepNodes({
      executor: sim.executor,
      nodes: ['stuck', 'a', 'b', 'c'],
      concurrency: 2,
      nodeTimeoutMs: 300,
    });
    expect(performance.now() - started).toBeLessThan(1000);
    const [stuck, ...others] = result.nodes;
    expect(isFailure(stuck!) && stuck.error.code).toBe('timeout');
    expect(isFailure(stuck!) && stuck.error.message).toBe('no answer from stuck within 0 s');
    expect(others.every((n) => !isFailure(n))).toBe(true);
    expect(sim.aborted).toEqual(['stuck']);
  });

  it('diagnoses incomplete reports as such and ranks the cluster from the nodes that answered', async () => {
    const rising = withRisingCounters(SAMPLE_REPORT, { insertFailed: 200, drop: 0 });
    const cut = SAMPLE_REPORT.slice(0, SAMPLE_REPORT.indexOf('#netcheck section name=dns-cluster'));
    const sim = simulatedExecutor({
      latencyMs: 2,
      nodes: (node) =>
        node === 'hot'
          ? { report: rising }
          : node === 'cut'
            ? { report: cut, complete: false, exitCode: null }
            : node === 'down'
              ? { fail: new NodeExecError('apiserver-unreachable', 'connect ECONNREFUSED', 'Check the kubeconfig.') }
              : {},
    });
    const result = await sweepNodes({ executor: sim.executor, nodes: ['a', 'b', 'c', 'hot', 'cut', 'down'] });
    const cutNode = result.nodes.find((n) => n.node === 'cut') as NodeSuccess;
    expect(cutNode.complete).toBe(false);
    expect(cutNode.findings.map((f) => f.id)).toContain('report.incomplete');
    expect(cutNode.metrics.dnsLookupMs).toBeUndefined();
    expect(cutNode.diagnosis).toBeUndefined();
    expect(result.ranking.hotspots.map((h) => [h.node, h.outliers.map((o) => o.metric)])).toEqual([
      ['hot', ['insertFailedPerSecond']],
    ]);
    expect(result.ranking.reported.insertFailedPerSecond).toBe(5);
  });

  it('stops starting nodes when aborted and lists the ones never started', async () => {
    const controller = new AbortController();
    const sim = simulatedExecutor({ latencyMs: 20, honourAbort: true });
    const result = await sweepNodes({
      executor: sim.executor,
      nodes: names(10),
      concurrency: 2,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done === 3) controller.abort();
      },
    });
    expect(result.nodes.length + result.skipped.length).toBe(10);
    expect(result.skipped.length).toBeGreaterThanOrEqual(3); // 3 done, 2 in flight (aborted), maybe 1 more started
    expect(result.skipped.at(-1)).toBe('node-10');
    expect(sim.calls.length).toBe(result.nodes.length);
  });

  it('keeps the whole diagnosis only when asked', async () => {
    const sim = simulatedExecutor({ latencyMs: 1 });
    const result = await sweepNodes({ executor: sim.executor, nodes: ['a'], keepDiagnosis: true });
    const [node] = result.nodes as NodeSuccess[];
    expect(node!.diagnosis?.report.collector?.complete).toBe(true);
  });

  it('rejects a concurrency that is not a whole number of at least 1', async () => {
    const sim = simulatedExecutor({ latencyMs: 1 });
    await expect(sweepNodes({ executor: sim.executor, nodes: ['a'], concurrency: 0 })).rejects.toThrow(RangeError);
  });
});
