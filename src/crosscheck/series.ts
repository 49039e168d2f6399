// Prometheus series as the cross-check and the chart hold them, and the metric names they read.
/** One sample: epoch seconds (fractional, as Prometheus returns them) and the value. */
export type SeriesPoint = [t: number, v: number];

/** A series as Prometheus returned it: its labels (`__name__` included when kept) and its samples, oldest first. */
export interface RawSeries {
  labels: Record<string, string>;
  points: SeriesPoint[];
}

/**
 * One metric of one node over a window, kept for the incident thread's chart: `node_nf_conntrack_entries`,
 * `node_nf_conntrack_entries_limit`, and the `node_nf_conntrack_stat_*` counters summed over CPUs (cumulative since
 * boot; a chart shows their rate).
 */
export interface NodeSeries {
  node: string;
  instance: string;
  metric: string;
  points: SeriesPoint[];
}

/** The metrics the cross-check reads and keeps. */
export const ENTRIES = 'node_nf_conntrack_entries';
export const LIMIT = 'node_nf_conntrack_entries_limit';
export const STAT_PREFIX = 'node_nf_conntrack_stat_';

/** Counters kept for the chart (summed over CPUs). */
export const CHART_STATS = ['insert_failed', 'drop', 'early_drop'] as const;
