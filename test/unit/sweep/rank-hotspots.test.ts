import { describe, expect, it } from 'vitest';
import type { NodeMetrics } from '../../../src/sweep/node-metrics.js';
import { rankHotspots } from '../../../src/sweep/rank-hotspots.js';

/** A cluster of `n` nodes like `typical`, numbered from 1, with some nodes replaced. */
function cluster(n: number, typical: NodeMetrics, special: Record<string, NodeMetrics> = {}) {
  const rows = Array.from({ length: n }, (_, i) => ({ node: `node-${i + 1}`, metrics: { ...typical } }));
  for (const row of rows) if (special[row.node]) row.metrics = { ...row.metrics, ...special[row.node] };
  return rows;
}

const TYPICAL: NodeMetrics = {
  conntrackFillPercent: 31,
  insertFailedPerSecond: 0,
  dropsPerSecond: 0,
  iptablesRules: 31_200,
  dnsLookupMs: 12,
};

describe('rankHotspots', () => {
  it('finds no hotspot in a cluster of alike nodes, and reports the medians', () => {
    const rows = cluster(20, TYPICAL, {
      'node-4': { conntrackFillPercent: 44, dnsLookupMs: 90, iptablesRules: 32_000 },
    });
    const ranking = rankHotspots(rows);
    expect(ranking.hotspots).toEqual([]);
    expect(ranking.findings).toEqual([]);
    expect(ranking.median).toEqual(TYPICAL);
    expect(ranking.reported.conntrackFillPercent).toBe(20);
  });

  it('flags the node whose table is far fuller than the median as a critical cluster.hotspot', () => {
    const ranking = rankHotspots(cluster(12, TYPICAL, { 'node-7': { conntrackFillPercent: 92.4 } }));
    expect(ranking.hotspots.map((h) => h.node)).toEqual(['node-7']);
    expect(ranking.hotspots[0]!.outliers).toEqual([
      { metric: 'conntrackFillPercent', value: 92.4, median: 31, nodes: 12 },
    ]);
    const [finding] = ranking.findings;
    expect(finding).toMatchObject({ id: 'cluster.hotspot', severity: 'critical' });
    expect(finding!.title).toBe('node-7 stands out from the cluster: conntrack table 92 % full');
    expect(finding!.evidence).toEqual(['node-7: conntrack table 92 % full; cluster median 31 % over 12 nodes (×3.0)']);
    expect(finding!.fix).toMatch(/on node-7/);
  });

  it('ranks critical hotspots first, then by how far above the median they are', () => {
    const ranking = rankHotspots(
      cluster(30, TYPICAL, {
        'node-2': { iptablesRules: 98_000 },
        'node-9': { insertFailedPerSecond: 3.4 },
        'node-20': { insertFailedPerSecond: 41, dnsLookupMs: 5013 },
        'node-25': { dnsLookupMs: 1500 },
      }),
    );
    expect(ranking.hotspots.map((h) => h.node)).toEqual(['node-20', 'node-9', 'node-2', 'node-25']);
    expect(ranking.findings.map((f) => f.severity)).toEqual(['critical', 'critical', 'warning', 'warning']);
    expect(ranking.hotspots[0]!.outliers.map((o) => o.metric)).toEqual(['insertFailedPerSecond', 'dnsLookupMs']);
    expect(ranking.findings[0]!.title).toBe(
      'node-20 stands out from the cluster: insert_failed rising at 41.0/s, slowest DNS lookup 5013 ms',
    );
  });

  it('does not call a node a hotspot when half the cluster is as hot (a cluster-wide problem, not an outlier)', () => {
    const hot = Object.fromEntries(
      Array.from({ length: 6 }, (_, i) => [`node-${i + 1}`, { conntrackFillPercent: 95 }]),
    );
    expect(rankHotspots(cluster(10, TYPICAL, hot)).hotspots).toEqual([]);
  });

  it('ignores small absolute differences, however large the ratio', () => {
    const ranking = rankHotspots(
      cluster(
        10,
        { ...TYPICAL, conntrackFillPercent: 2, iptablesRules: 40 },
        {
          'node-1': { conntrackFillPercent: 30, iptablesRules: 900, insertFailedPerSecond: 0.4, dnsLookupMs: 300 },
        },
      ),
    );
    expect(ranking.hotspots).toEqual([]);
  });

  it('needs at least three nodes reporting a metric before it speaks of a cluster median', () => {
    const two = rankHotspots(cluster(2, TYPICAL, { 'node-2': { conntrackFillPercent: 99 } }));
    expect(two.hotspots).toEqual([]);
    expect(two.median).toEqual({});
    const partly = cluster(
      5,
      { iptablesRules: 30_000 },
      { 'node-1': { dnsLookupMs: 5000 }, 'node-2': { dnsLookupMs: 5 } },
    );
    expect(rankHotspots(partly).median).toEqual({ iptablesRules: 30_000 });
  });
});
