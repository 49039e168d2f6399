// The `data` of a Prometheus query API answer (`/api/v1/query`, `/api/v1/query_range`), checked and turned into series.
import type { RawSeries, SeriesPoint } from './series.js';

export type ResultType = 'vector' | 'matrix' | 'scalar' | 'string';

/** Prometheus writes sample values as strings: `"12"`, `"NaN"`, `"+Inf"`. */
export function sampleValue(text: unknown): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  return typeof text === 'string' ? Number(text) : Number.NaN;
}

function point(raw: unknown): SeriesPoint | undefined {
  if (!Array.isArray(raw) || raw.length !== 2 || typeof raw[0] !== 'number') return undefined;
  return [raw[0], sampleValue(raw[1])];
}

function labelsOf(raw: unknown): Record<string, string> | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const labels: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value !== 'string') return undefined;
    labels[name] = value;
  }
  return labels;
}

/** Checks the `data` of a success answer and turns it into series; undefined when its shape is not the API's. */
export function seriesOfData(data: unknown): { resultType: ResultType; series: RawSeries[] } | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { resultType, result } = data as { resultType?: unknown; result?: unknown };
  if (resultType === 'string') return { resultType, series: [] };
  if (resultType === 'scalar') {
    const p = point(result);
    return p ? { resultType, series: [{ labels: {}, points: [p] }] } : undefined;
  }
  if ((resultType !== 'vector' && resultType !== 'matrix') || !Array.isArray(result)) return undefined;
  const series: RawSeries[] = [];
  for (const entry of result as unknown[]) {
    if (typeof entry !== 'object' || entry === null) return undefined;
    const { metric, value, values } = entry as { metric?: unknown; value?: unknown; values?: unknown };
    const labels = labelsOf(metric ?? {});
    if (!labels) return undefined;
    // Native histogram samples (`histogram`/`histograms`) carry no float value: left out.
    const raw = resultType === 'vector' ? (value === undefined ? [] : [value]) : (values ?? []);
    if (!Array.isArray(raw)) return undefined;
    const points: SeriesPoint[] = [];
    for (const r of raw) {
      const p = point(r);
      if (!p) return undefined;
      points.push(p);
    }
    if (points.length > 0) series.push({ labels, points });
  }
  return { resultType, series };
}
