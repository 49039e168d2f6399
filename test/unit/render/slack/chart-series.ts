// A deterministic hour of a node's conntrack series, as the Prometheus cross-check returns them.
import type { NodeSeries, SeriesPoint } from '../../../../src/crosscheck/series.js';

/** 2025-03-04T12:00:00Z: the end of the hour. */
export const END = 1_741_089_600;

/** Entries climbing from 60 % to 96 % of a 262144 limit; insert_failed and drop start counting in the last 20 min. */
export function filling(node = 'node-7'): NodeSeries[] {
  const times = Array.from({ length: 241 }, (_, i) => END - 3600 + i * 15);
  const limit = 262_144;
  const series = (metric: string, value: (t: number, i: number) => number): NodeSeries => ({
    node,
    instance: '10.0.0.7:9100',
    metric,
    points: times.map((t, i): SeriesPoint => [t, value(t, i)]),
  });
  const late = (i: number) => Math.max(0, i - 160);
  return [
    series('node_nf_conntrack_entries', (_, i) => Math.round(limit * (0.6 + 0.36 * (i / 240) ** 2))),
    series('node_nf_conntrack_entries_limit', () => limit),
    series('node_nf_conntrack_stat_insert_failed', (_, i) => 1000 + late(i) ** 2 * 3),
    series('node_nf_conntrack_stat_drop', (_, i) => 50 + late(i) * 20),
    series('node_nf_conntrack_stat_early_drop', () => 0),
  ];
}
