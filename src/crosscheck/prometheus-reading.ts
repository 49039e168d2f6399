// Prometheus's side of the cross-check: the samples of one target nearest the time of the node's reading.
import { ENTRIES, LIMIT, type RawSeries, type SeriesPoint, STAT_PREFIX } from './series.js';

export interface TimedValue {
  /** Epoch seconds of the sample. */
  t: number;
  v: number;
}

/** What Prometheus held for one target around the time of the node's reading. */
export interface PrometheusReading {
  /** The `node_nf_conntrack_entries` sample nearest the reading. */
  entries?: TimedValue;
  limit?: TimedValue;
  /** `node_nf_conntrack_stat_*` by counter name (`insert_failed`...), summed over CPUs when per-CPU series exist. */
  stats: Record<string, TimedValue>;
  /** Median seconds between consecutive entries samples: the scrape interval. */
  scrapeInterval?: number;
  /** The newest entries sample in the window. */
  lastSampleAt?: number;
}

function nearest(points: readonly SeriesPoint[], at: number): SeriesPoint | undefined {
  let best: SeriesPoint | undefined;
  for (const point of points) {
    if (!Number.isFinite(point[1])) continue;
    if (!best || Math.abs(point[0] - at) < Math.abs(best[0] - at)) best = point;
  }
  return best;
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Picks, for each metric, the samples nearest `at` (epoch seconds) from raw series of one target. */
export function prometheusReadingOf(series: readonly RawSeries[], at: number): PrometheusReading {
  const reading: PrometheusReading = { stats: {} };
  const statParts = new Map<string, SeriesPoint[]>();
  const gaps: number[] = [];
  for (const s of series) {
    const name = s.labels.__name__ ?? '';
    const point = nearest(s.points, at);
    if (!point) continue;
    const value: TimedValue = { t: point[0], v: point[1] };
    if (name === ENTRIES) {
      if (!reading.entries || Math.abs(value.t - at) < Math.abs(reading.entries.t - at)) reading.entries = value;
      for (let i = 1; i < s.points.length; i++) gaps.push(s.points[i]![0] - s.points[i - 1]![0]);
      const last = s.points.at(-1)![0];
      if (reading.lastSampleAt === undefined || last > reading.lastSampleAt) reading.lastSampleAt = last;
    } else if (name === LIMIT) {
      if (!reading.limit || Math.abs(value.t - at) < Math.abs(reading.limit.t - at)) reading.limit = value;
    } else if (name.startsWith(STAT_PREFIX)) {
      const counter = name.slice(STAT_PREFIX.length);
      statParts.set(counter, [...(statParts.get(counter) ?? []), point]);
    }
  }
  for (const [counter, points] of statParts) {
    // Per-CPU series (older node_exporter) are summed; the sum is as old as its oldest part.
    const v = points.reduce((sum, p) => sum + p[1], 0);
    const t = points.reduce((far, p) => (Math.abs(p[0] - at) > Math.abs(far - at) ? p[0] : far), points[0]![0]);
    reading.stats[counter] = { t, v };
  }
  const interval = median(gaps);
  if (interval !== undefined) reading.scrapeInterval = interval;
  return reading;
}
