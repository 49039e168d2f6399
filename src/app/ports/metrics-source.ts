// The MetricsSource port: the PromQL queries the Prometheus cross-check asks (src/app/cross-check-node.ts). The
// Prometheus HTTP client implements it (src/adapters/prometheus/prometheus-client.ts); failures are its own errors.
import type { ResultType } from '../../crosscheck/query-answer.js';
import type { RawSeries } from '../../crosscheck/series.js';

export type { ResultType };

export interface QueryResult {
  resultType: ResultType;
  /** Vector: one point per series; matrix: raw samples; scalar: one series without labels; string: none. */
  series: RawSeries[];
  warnings: string[];
}

/** A Prometheus-compatible query API (Prometheus, Thanos, Mimir, VictoriaMetrics). */
export interface MetricsSource {
  /** Instant query, evaluated at `time` (epoch seconds; default: now on the server). */
  query(expr: string, options?: { time?: number; signal?: AbortSignal }): Promise<QueryResult>;
  /** Range query from `start` to `end` (epoch seconds) every `step` seconds. */
  queryRange(
    expr: string,
    options: { start: number; end: number; step: number; signal?: AbortSignal },
  ): Promise<QueryResult>;
}
