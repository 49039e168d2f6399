// The incident chart's data: the PromQL for the node's conntrack series and its answer thinned into NodeSeries.
import type { PrometheusTarget } from './node-instance.js';
import {
  CHART_STATS,
  ENTRIES,
  LIMIT,
  type NodeSeries,
  type RawSeries,
  type SeriesPoint,
  STAT_PREFIX,
} from './series.js';

/** At most this many points per series: enough for a chart, small enough for a job payload. */
export const MAX_CHART_POINTS = 720;

/** The PromQL of the chart: entries, limit and a few counters summed over CPUs, one series per metric name. */
export function chartQuery(matchers: string): string {
  const names = [ENTRIES, LIMIT, ...CHART_STATS.map((s) => `${STAT_PREFIX}${s}`)].join('|');
  return `sum by (__name__) ({__name__=~"${names}",${matchers}})`;
}

/** Keeps every k-th point (and the last one) so a series has at most `max` points. */
function thin(points: readonly SeriesPoint[], max: number): SeriesPoint[] {
  if (points.length <= max) return [...points];
  const step = Math.ceil(points.length / max);
  const kept = points.filter((_, i) => i % step === 0);
  const last = points.at(-1)!;
  if (kept.at(-1) !== last) kept[kept.length - 1] = last;
  return kept;
}

const ORDER = [ENTRIES, LIMIT, ...CHART_STATS.map((s) => `${STAT_PREFIX}${s}`)];

/** Turns the chart query's result into the node's series, in a fixed metric order, without NaN/Inf points. */
export function chartSeriesOf(
  node: string,
  target: PrometheusTarget,
  series: readonly RawSeries[],
  max = MAX_CHART_POINTS,
): NodeSeries[] {
  return series
    .filter((s) => s.labels.__name__ !== undefined && ORDER.includes(s.labels.__name__))
    .sort((a, b) => ORDER.indexOf(a.labels.__name__!) - ORDER.indexOf(b.labels.__name__!))
    .map((s) => ({
      node,
      instance: target.instance,
      metric: s.labels.__name__!,
      points: thin(
        s.points.filter((p) => Number.isFinite(p[1])),
        max,
      ),
    }));
}
