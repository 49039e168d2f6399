// The demo cluster through the NodeExecutor port: every node's recorded report comes back whole after the delay and
// diagnoses as demo/cluster/README.md says; unknown nodes, cancellation and `this-machine` behave as in a cluster.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoClusterDir } from '../../../src/adapters/demo-cluster/demo-cluster-dir.js';
import { DemoClusterExecutor } from '../../../src/adapters/demo-cluster/demo-cluster-executor.js';
import { createLocalExecutor } from '../../../src/adapters/local/local-executor.js';
import { diagnoseText } from '../../../src/diagnose.js';
import { NodeExecError } from '../../../src/exec/node-exec-error.js';
import type { NodeExecutor } from '../../../src/exec/node-executor.js';

/** What each node shows (warnings and criticals), as test/unit/golden/demo-cluster.test.ts holds the files to. */
const EXPECTED: Record<string, string[]> = {
  'node-1': ['conntrack.table-full', 'conntrack.table-pressure', 'conntrack.timeouts-long'],
  'node-2': ['conntrack.insert-failed', 'iptables.masquerade-not-random'],
  'node-3': ['mtu.mismatch'],
  'node-4': ['route.missing-pod-route'],
  'node-5': ['service.no-endpoints'],
  'node-6': ['dns.ndots-amplification', 'iptables.masquerade-not-random'],
  'node-7': [],
};

async function failure(promise: Promise<unknown>): Promise<NodeExecError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NodeExecError);
  return error as NodeExecError;
}

describe('DemoClusterExecutor', () => {
  const executor: NodeExecutor = new DemoClusterExecutor({ delayMs: 0 });

  for (const [node, ids] of Object.entries(EXPECTED)) {
    it(`serves ${node}'s whole report, which shows ${ids.join(', ') || 'no warning'}`, async () => {
      const result = await executor.collect({ node });
      expect(result).toMatchObject({ node, mode: 'local', exitCode: 0, complete: true, stderr: '' });
      const diagnosis = diagnoseText(result.report);
      expect(diagnosis.report.collector?.complete).toBe(true);
      const alarming = diagnosis.findings
        .filter((f) => f.severity === 'warning' || f.severity === 'critical')
        .map((f) => f.id)
        .sort();
      expect(alarming).toEqual(ids);
    });
  }

  it('answers an unknown node with node-not-found naming the near nodes', async () => {
    const error = await failure(executor.collect({ node: 'node-8' }));
    expect(error.code).toBe('node-not-found');
    expect(error.message).toBe('node "node-8" not found');
    expect(error.hint).toMatch(/Did you mean .*node-\d/);
  });

  it('takes the configured delay before answering', async () => {
    const slow = new DemoClusterExecutor({ delayMs: 300 });
    const started = performance.now();
    const result = await slow.collect({ node: 'node-3' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(result.durationMs).toBeGreaterThanOrEqual(290);
  });

  it('waits about a second by default', async () => {
    const started = performance.now();
    await new DemoClusterExecutor().collect({ node: 'node-7' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
  });

  it('stops waiting as soon as the signal aborts, with a timeout error', async () => {
    const slow = new DemoClusterExecutor({ delayMs: 60_000 });
    const controller = new AbortController();
    const started = performance.now();
    const pending = slow.collect({ node: 'node-1', signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await failure(pending);
    expect(error.code).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(30_000);
  });

  it('refuses a collection whose signal has already aborted', async () => {
    const error = await failure(executor.collect({ node: 'node-2', signal: AbortSignal.abort() }));
    expect(error.code).toBe('timeout');
  });

  it('collects this-machine through the executor it was given, and only then lists it', async () => {
    const script = `cat '${join(demoClusterDir(), 'node-7.txt').replaceAll("'", "'\\''")}'`;
    const withMachine = new DemoClusterExecutor({ delayMs: 0, thisMachine: createLocalExecutor({ script }) });
    const result = await withMachine.collect({ node: 'this-machine' });
    expect(result).toMatchObject({ node: 'this-machine', mode: 'local', complete: true });
    expect((await withMachine.listNodes()).map((n) => n.name)).toContain('this-machine');
    expect((await new DemoClusterExecutor().listNodes()).map((n) => n.name)).not.toContain('this-machine');
    expect((await failure(executor.collect({ node: 'this-machine' }))).code).toBe('node-not-found');
  });
});
