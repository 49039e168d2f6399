// Compares every node's metrics with the cluster median and ranks the nodes that stand out. Pure.
import type { Finding } from '../domain/finding.js';
import { hotspotFinding } from './hotspot-finding.js';
import { median } from './median.js';
import { isOutlier, METRIC_SPECS, metricSpec } from './metric-specs.js';
import type { MetricId, NodeMetrics } from './node-metrics.js';

/** One node's readings, as the ranking needs them. */
export interface MetricRow {
  node: string;
  metrics: NodeMetrics;
}

export interface Outlier {
  metric: MetricId;
  value: number;
  /** The cluster median of this metric. */
  median: number;
  /** How many nodes the median is over. */
  nodes: number;
}

export interface Hotspot {
  node: string;
  /** Sum over the node's outliers of how far above the median it is, in units of the metric's gap. */
  score: number;
  metrics: NodeMetrics;
  outliers: Outlier[];
}

export interface HotspotRanking {
  /** The cluster median of each metric at least `MIN_NODES` nodes reported. */
  median: NodeMetrics;
  /** How many nodes reported each metric. */
  reported: Partial<Record<MetricId, number>>;
  /** Nodes that stand out, most outstanding first. */
  hotspots: Hotspot[];
  /** One `cluster.hotspot` finding per hotspot, in the same order. */
  findings: Finding[];
}

/** A median over fewer nodes says nothing about "the cluster". */
export const MIN_NODES = 3;

export function rankHotspots(rows: readonly MetricRow[]): HotspotRanking {
  const medians: NodeMetrics = {};
  const reported: Partial<Record<MetricId, number>> = {};
  for (const spec of METRIC_SPECS) {
    const values = rows.map((r) => r.metrics[spec.id]).filter((v): v is number => v !== undefined);
    if (values.length > 0) reported[spec.id] = values.length;
    const middle = median(values);
    if (values.length >= MIN_NODES && middle !== undefined) medians[spec.id] = middle;
  }
  const hotspots: Hotspot[] = [];
  for (const row of rows) {
    const outliers: Outlier[] = [];
    let score = 0;
    for (const spec of METRIC_SPECS) {
      const value = row.metrics[spec.id];
      const middle = medians[spec.id];
      if (value === undefined || middle === undefined || !isOutlier(spec, value, middle)) continue;
      outliers.push({ metric: spec.id, value, median: middle, nodes: reported[spec.id] ?? 0 });
      score += (value - middle) / spec.gap;
    }
    if (outliers.length > 0) hotspots.push({ node: row.node, score, metrics: row.metrics, outliers });
  }
  hotspots.sort(
    (a, b) =>
      severityOf(b) - severityOf(a) || b.score - a.score || a.node.localeCompare(b.node, 'en', { numeric: true }),
  );
  return { median: medians, reported, hotspots, findings: hotspots.map(hotspotFinding) };
}

/** 1 when one of the hotspot's outliers is at a critical level. */
function severityOf(hotspot: Hotspot): number {
  return hotspot.outliers.some((o) => o.value >= metricSpec(o.metric).critical) ? 1 : 0;
}
