// Prometheus counters of the outbound Slack limiter, registered once per registry.
import { Counter, Gauge, type Registry } from 'prom-client';

export interface SlackMetrics {
  /** Calls that failed for good: permanent errors and exhausted retries. */
  errors: Counter<'method' | 'error'>;
  /** Retries, by reason: rate_limited, http_5xx, timeout, network, or Slack's transient error code. */
  retries: Counter<'method' | 'reason'>;
  /** 429 answers, by the scope paused: channel, method or workspace. */
  rateLimited: Counter<'method' | 'scope'>;
  /** Calls waiting in the per-channel queues. */
  queued: Gauge;
}

function counter<L extends string>(registry: Registry, name: string, help: string, labelNames: L[]): Counter<L> {
  const existing = registry.getSingleMetric(name);
  if (existing !== undefined) return existing as Counter<L>;
  return new Counter({ name, help, labelNames, registers: [registry] });
}

/** The limiter's metrics in `registry` (reused when already registered, e.g. by a second poster). */
export function createSlackMetrics(registry: Registry): SlackMetrics {
  const queuedName = 'netcheck_slack_queued_calls';
  const queued =
    (registry.getSingleMetric(queuedName) as Gauge | undefined) ??
    new Gauge({ name: queuedName, help: 'Slack calls waiting in the per-channel queues', registers: [registry] });
  return {
    errors: counter(registry, 'netcheck_slack_errors_total', 'Slack calls that failed for good', ['method', 'error']),
    retries: counter(registry, 'netcheck_slack_retries_total', 'Slack calls retried', ['method', 'reason']),
    rateLimited: counter(registry, 'netcheck_slack_rate_limited_total', 'Slack 429 answers', ['method', 'scope']),
    queued,
  };
}
