import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/domain/finding.js';
import { type HotspotTableNode, renderHotspots } from '../../../src/render/render-hotspots.js';
import type { NodeMetrics } from '../../../src/sweep/node-metrics.js';
import { rankHotspots } from '../../../src/sweep/rank-hotspots.js';

const TYPICAL: NodeMetrics = {
  conntrackFillPercent: 31,
  insertFailedPerSecond: 0,
  dropsPerSecond: 0,
  iptablesRules: 31_200,
  dnsLookupMs: 12,
};
const finding = (id: string, severity: Finding['severity']): Finding => ({ id, severity, title: id, evidence: [] });

function sweep(): HotspotTableNode[] {
  const nodes: HotspotTableNode[] = Array.from({ length: 30 }, (_, i) => ({
    node: `node-${i + 1}`,
    complete: true,
    findings: [finding('kube-proxy.mode', 'info')],
    metrics: { ...TYPICAL },
  }));
  const set = (i: number, change: Partial<Extract<HotspotTableNode, { metrics: NodeMetrics }>>) => {
    const node = nodes[i] as Extract<HotspotTableNode, { metrics: NodeMetrics }>;
    nodes[i] = { ...node, ...change, metrics: { ...node.metrics, ...change.metrics } };
  };
  set(6, {
    metrics: { conntrackFillPercent: 92.4 },
    findings: [finding('conntrack.table-pressure', 'critical'), finding('dns.timeout-5s', 'warning')],
  });
  set(2, { metrics: { iptablesRules: 98_000 }, findings: [finding('iptables.rule-count-high', 'warning')] });
  set(19, { metrics: { insertFailedPerSecond: 41.3 } });
  set(4, { complete: false, metrics: { dnsLookupMs: undefined }, findings: [finding('report.incomplete', 'warning')] });
  nodes.push(
    {
      node: 'node-31',
      error: { code: 'timeout', message: 'no answer from node-31 within 120 s', hint: 'Collect alone.' },
    },
    {
      node: 'node-32',
      error: { code: 'timeout', message: 'no answer from node-32 within 120 s', hint: 'Collect alone.' },
    },
    { node: 'node-33', error: { code: 'rbac-denied', message: 'not allowed to exec', hint: 'Grant pods/exec.' } },
  );
  return nodes;
}

function render(nodes: HotspotTableNode[], options: { color: boolean; limit?: number }) {
  const ranking = rankHotspots(nodes.flatMap((n) => ('metrics' in n ? [{ node: n.node, metrics: n.metrics }] : [])));
  return renderHotspots({ nodes, ranking, durationMs: 41_234 }, options);
}

describe('renderHotspots', () => {
  it('prints hotspots first with their outliers marked, the worst finding per node and the median row', () => {
    const text = render(sweep(), { color: false, limit: 6 });
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      'netcheck sweep of 33 nodes in 41.2 s: 30 collected, 1 with an incomplete report, 3 failed, 3 hotspots',
    );
    expect(lines.slice(2, 11)).toEqual([
      'NODE              CONNTRACK    INSERT_FAILED/S    DROPS/S    RULES    DNS MS    WORST FINDING',
      'node-20                 31%               41.3 ▲        0    31200        12    ok',
      'node-7                  92% ▲                0          0    31200        12    critical conntrack.table-pressure +1',
      'node-3                  31%                  0          0    98000 ▲      12    warning iptables.rule-count-high',
      'node-5 (partial)        31%                  0          0    31200         -    warning report.incomplete',
      'node-1                  31%                  0          0    31200        12    ok',
      'node-2                  31%                  0          0    31200        12    ok',
      'median of 30            31%                  0          0    31200        12',
      '… 24 more nodes not shown, none of them a hotspot (--json lists all)',
    ]);
    expect(text).toContain('▲ well above the cluster median (finding cluster.hotspot)');
  });

  it('groups failed nodes by code with the message and the hint', () => {
    const text = render(sweep(), { color: false });
    expect(text).toContain(
      [
        '3 nodes failed',
        '  timeout ×2: node-31, node-32',
        '      no answer from node-31 within 120 s',
        '      → Collect alone.',
        '  rbac-denied ×1: node-33',
        '      not allowed to exec',
        '      → Grant pods/exec.',
      ].join('\n'),
    );
  });

  it('explains each hotspot with its evidence and fix', () => {
    const text = render(sweep(), { color: false });
    expect(text).toContain(
      [
        'Hotspots',
        '  CRITICAL node-20 stands out from the cluster: insert_failed rising at 41.3/s',
        '      node-20: insert_failed rising at 41.3/s; cluster median 0/s over 30 nodes',
      ].join('\n'),
    );
    expect(text).toMatch(/fix: Find the pods holding most entries on node-7/);
  });

  it('colours outliers by severity only when asked', () => {
    expect(render(sweep(), { color: false })).not.toContain('\u001b[');
    const coloured = render(sweep(), { color: true });
    expect(coloured).toContain('\u001b[1;31m92% ▲\u001b[0m');
    expect(coloured).toContain('\u001b[1;33m98000 ▲\u001b[0m');
  });

  it('says so when nothing stands out, and when every node failed', () => {
    const calm = render(sweep().slice(0, 2), { color: false });
    expect(calm.split('\n')[0]).toBe('netcheck sweep of 2 nodes in 41.2 s: 2 collected, no hotspot');
    expect(calm).not.toContain('▲');
    const failed = render(sweep().slice(30), { color: false });
    expect(failed.split('\n')[0]).toBe('netcheck sweep of 3 nodes in 41.2 s: 0 collected, 3 failed, no hotspot');
    expect(failed).not.toContain('NODE');
  });
});
