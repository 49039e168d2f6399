// The Prometheus cross-check of one node: does node_exporter, as Prometheus stored it, agree with what the collector
// read on the node? Used by the bot (incident thread, src/app/collect-node.ts) and the CLI (`--prometheus URL`). The
// queries go to a MetricsSource (src/app/ports/metrics-source.ts); the comparison is the pure src/crosscheck/.
//
//   const metrics = createPrometheusClient({ url: 'http://prometheus.monitoring:9090', timeoutMs: 5000 });
//   const { report } = diagnoseText(collectResult.report);
//   const check = await crossCheckNode({ metrics, node: 'node-7', addresses: ['10.0.0.7'], report });
//   check.findings  // Finding[]: prometheus.conntrack-mismatch (warning), prometheus.stale-series / .no-series (info)
//   check.series    // NodeSeries[]: { node, instance, metric, points: [t, v][] } for the last hour, for the chart
//   check.target    // the node_exporter target used ({ instance, job }), found from the node's name or addresses
//
// Pass `instance` (an alert's `instance` label) to skip the lookup. Failures are the source's errors (the Prometheus
// client throws PrometheusError: stable `code`, operator `hint`): the caller decides whether the rest of the diagnosis
// goes on without the cross-check.

import { chartQuery, chartSeriesOf } from '../crosscheck/chart-series.js';
import { type CompareOptions, type ConntrackComparison, compareConntrack } from '../crosscheck/compare-conntrack.js';
import { noSeriesFinding } from '../crosscheck/crosscheck-findings.js';
import { type NodeTarget, nodeMatcherSets, type PrometheusTarget, pickTarget } from '../crosscheck/node-instance.js';
import { nodeReadingOf } from '../crosscheck/node-reading.js';
import { prometheusReadingOf } from '../crosscheck/prometheus-reading.js';
import { targetMatchers } from '../crosscheck/promql.js';
import { ENTRIES, LIMIT, type NodeSeries, STAT_PREFIX } from '../crosscheck/series.js';
import type { Finding } from '../domain/finding.js';
import type { Report } from '../domain/report.js';
import type { MetricsSource } from './ports/metrics-source.js';

export interface CrossCheckNodeOptions {
  /** Where node_exporter's series are asked for (Prometheus). */
  metrics: MetricsSource;
  /** Kubernetes node name, already validated. */
  node: string;
  /** The node's addresses (InternalIP first), matched against `instance` labels. */
  addresses?: readonly string[];
  /** The node_exporter target, when known (an alert's `instance` label): no lookup. */
  instance?: string;
  /** With `instance`: its job, when several jobs scrape the same instance. */
  job?: string;
  /** The node's report, parsed (`diagnoseText(text).report`). */
  report: Report;
  /** Epoch seconds the report was received; the reading's time when the report carries none. @defaultValue now */
  receivedAt?: number;
  /** Seconds of history kept for the chart. @defaultValue 3600 */
  windowSeconds?: number;
  /** Seconds between chart points. @defaultValue 15 */
  stepSeconds?: number;
  compare?: CompareOptions;
  /** Epoch milliseconds. @defaultValue Date.now */
  now?: () => number;
  signal?: AbortSignal;
}

export interface CrossCheckResult {
  node: string;
  /** The node_exporter target compared with, when one was found. */
  target?: PrometheusTarget;
  /** Other targets that matched the node less well (a second job scraping it, an FQDN). */
  otherTargets: PrometheusTarget[];
  findings: Finding[];
  /** The last hour of entries, limit and summed insert_failed/drop/early_drop, for the chart. */
  series: NodeSeries[];
  comparison?: ConntrackComparison;
}

/** Raw samples this far either side of the reading are searched for the nearest one. */
const NEAR_SECONDS = 300;
const STATS_RE = `${STAT_PREFIX}.+`;

async function findTarget(
  options: CrossCheckNodeOptions,
  node: NodeTarget,
  evalTime: number,
  window: number,
): Promise<{ target?: PrometheusTarget; others: PrometheusTarget[]; finding?: Finding }> {
  if (options.instance !== undefined) {
    const target: PrometheusTarget = { instance: options.instance };
    if (options.job !== undefined) return { target: { ...target, job: options.job }, others: [] };
    // Pin the job: two jobs scraping one instance would double every sum.
    const jobs = await options.metrics.query(`last_over_time(${ENTRIES}{${targetMatchers(target)}}[${window}s])`, {
      time: evalTime,
      signal: options.signal,
    });
    const names = [...new Set(jobs.series.flatMap((s) => (s.labels.job === undefined ? [] : [s.labels.job])))].sort();
    const job = names.find((name) => /node/i.test(name)) ?? names[0];
    if (job !== undefined) target.job = job;
    return { target, others: names.filter((name) => name !== job).map((name) => ({ ...target, job: name })) };
  }
  const sets = nodeMatcherSets(node);
  const over = (metric: string) => sets.map((m) => `last_over_time(${metric}{${m}}[${window}s])`).join(' or ');
  const [withConntrack, up] = await Promise.all([
    options.metrics.query(over(ENTRIES), { time: evalTime, signal: options.signal }),
    options.metrics.query(over('up'), { time: evalTime, signal: options.signal }),
  ]);
  const found = pickTarget(
    withConntrack.series.map((s) => s.labels),
    node,
  );
  if (found.chosen) return { target: found.chosen, others: found.others };
  const scraped = pickTarget(
    up.series.map((s) => s.labels),
    node,
  );
  if (!scraped.chosen) return { others: [], finding: noSeriesFinding(node, 'no-target', { selectors: sets }) };
  const upValue = up.series.find((s) => s.labels.instance === scraped.chosen?.instance)?.points[0]?.[1];
  const details: Parameters<typeof noSeriesFinding>[2] = { target: scraped.chosen };
  if (upValue !== undefined) details.up = upValue;
  return { others: scraped.others, finding: noSeriesFinding(node, 'no-conntrack', details) };
}

/** Compares the node's conntrack reading with Prometheus and keeps the last hour's series. See the file comment. */
export async function crossCheckNode(options: CrossCheckNodeOptions): Promise<CrossCheckResult> {
  const nowS = (options.now ?? Date.now)() / 1000;
  const window = options.windowSeconds ?? 3600;
  const step = options.stepSeconds ?? 15;
  const node: NodeTarget = { node: options.node, addresses: options.addresses ?? [] };
  const reading = nodeReadingOf(options.report);
  const at = reading.at ?? options.receivedAt ?? nowS;
  const evalTime = Math.min(nowS, at + NEAR_SECONDS);

  const found = await findTarget(options, node, evalTime, window);
  const result: CrossCheckResult = { node: options.node, otherTargets: found.others, findings: [], series: [] };
  if (!found.target) {
    if (found.finding) result.findings.push(found.finding);
    return result;
  }
  const target = found.target;
  result.target = target;
  const matchers = targetMatchers(target);
  const end = Math.max(nowS, at);
  const [raw, chart] = await Promise.all([
    options.metrics.query(`{__name__=~"${ENTRIES}|${LIMIT}|${STATS_RE}",${matchers}}[${2 * NEAR_SECONDS}s]`, {
      time: evalTime,
      signal: options.signal,
    }),
    options.metrics.queryRange(chartQuery(matchers), { start: end - window, end, step, signal: options.signal }),
  ]);
  result.series = chartSeriesOf(options.node, target, chart.series);
  const prometheus = prometheusReadingOf(raw.series, at);
  if (!prometheus.entries) {
    const entries = result.series.find((s) => s.metric === ENTRIES)?.points.at(-1);
    const details: Parameters<typeof noSeriesFinding>[2] = { target };
    if (entries) details.lastSampleAt = entries[0];
    result.findings.push(noSeriesFinding(node, entries ? 'series-ended' : 'no-conntrack', details));
    return result;
  }
  const compared = compareConntrack({ node: options.node, target, reading, prometheus, at, options: options.compare });
  result.comparison = compared.comparison;
  result.findings.push(...compared.findings);
  return result;
}
