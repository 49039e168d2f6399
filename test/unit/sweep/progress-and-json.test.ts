import { describe, expect, it } from 'vitest';
import { NodeExecError } from '../../../src/exec/node-exec-error.js';
import { progressLine } from '../../../src/sweep/progress-line.js';
import { singleNodeJson, sweepJson } from '../../../src/sweep/sweep-json.js';
import { sweepNodes } from '../../../src/sweep/sweep-nodes.js';
import { SAMPLE_REPORT, simulatedExecutor, withRisingCounters } from './sweep-helpers.js';

describe('progressLine', () => {
  it('fills the bar with the share of nodes done and counts failures and nodes in flight', () => {
    expect(progressLine({ done: 0, failed: 0, total: 200, running: 20 }, 10)).toBe(
      '[··········] 0/200 nodes, 20 running',
    );
    expect(progressLine({ done: 120, failed: 3, total: 200, running: 20 }, 10)).toBe(
      '[██████····] 120/200 nodes, 3 failed, 20 running',
    );
    expect(progressLine({ done: 200, failed: 0, total: 200, running: 0 }, 10)).toBe(
      '[██████████] 200/200 nodes, 0 running',
    );
  });
});

describe('sweep JSON', () => {
  it('lists every node (diagnosis or typed error), the hotspots, the medians and the cluster findings', async () => {
    const hot = withRisingCounters(SAMPLE_REPORT, { insertFailed: 100, drop: 0 });
    const sim = simulatedExecutor({
      latencyMs: 1,
      nodes: (node) =>
        node === 'n4'
          ? { report: hot }
          : node === 'n5'
            ? { fail: new NodeExecError('timeout', 'no answer from n5 within 90 s', 'Collect it alone.') }
            : {},
    });
    const result = await sweepNodes({ executor: sim.executor, nodes: ['n1', 'n2', 'n3', 'n4', 'n5'] });
    const body = JSON.parse(sweepJson(result));
    expect(Object.keys(body)).toEqual(['nodes', 'hotspots', 'median', 'findings']);
    expect(Object.keys(body.nodes[0])).toEqual(['node', 'mode', 'complete', 'detected', 'findings', 'metrics']);
    expect(body.nodes[4]).toEqual({
      node: 'n5',
      error: { code: 'timeout', message: 'no answer from n5 within 90 s', hint: 'Collect it alone.' },
    });
    expect(body.hotspots.map((h: { node: string }) => h.node)).toEqual(['n4']);
    expect(body.median).toMatchObject({ insertFailedPerSecond: 0, conntrackFillPercent: 0 });
    expect(body.findings.map((f: { id: string }) => f.id)).toEqual(['cluster.hotspot']);

    const one = JSON.parse(singleNodeJson(result.nodes[0]!));
    expect(one).toMatchObject({ node: 'n1', mode: 'agent', complete: true });
    expect(one.detected).toContain('conntrack-stats');
  });
});
