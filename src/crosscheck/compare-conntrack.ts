// The cross-check itself: the node's own conntrack reading against Prometheus's samples of the same moment, with
// the likely cause of a mismatch (pure).
import type { Finding } from '../domain/finding.js';
import { describeTarget, isoSeconds, MISMATCH_ID, STALE_ID } from './crosscheck-findings.js';
import type { PrometheusTarget } from './node-instance.js';
import type { NodeReading } from './node-reading.js';
import type { PrometheusReading } from './prometheus-reading.js';

export interface CompareOptions {
  /** Counts that differ by at most this many entries agree, whatever their size. @defaultValue 100 */
  minDifference?: number;
  /** Counts that differ by at most this fraction of the larger one agree (churn between scrape and reading). @defaultValue 0.25 */
  relativeTolerance?: number;
  /** A sample further than this from the reading is stale. @defaultValue 3 scrape intervals, at least 90 s */
  staleAfterSeconds?: number;
}

/** The most likely reason the two readings differ, most specific first. */
export type MismatchCause =
  /** `nf_conntrack_max` differs: it is global to a kernel, so the series is another machine's (or the sysctl changed). */
  | 'other-machine'
  /** The collector read a pod's network namespace (its own check says so, or it saw an almost empty table). */
  | 'collector-netns'
  /** Prometheus's sample is far from the reading: a scrape gap. */
  | 'stale-series'
  /** node_exporter sees an almost empty table the node does not: it runs in its own pod's namespace. */
  | 'exporter-netns'
  /** Same namespace and machine, fresh samples: the table changed fast between the scrape and the reading. */
  | 'changed-between';

export interface ConntrackComparison {
  node: string;
  target: PrometheusTarget;
  /** Epoch seconds of the node's reading. */
  at: number;
  /** Seconds between the reading and Prometheus's entries sample. */
  sampleGapSeconds?: number;
  countDifference?: number;
  countTolerance?: number;
  /** Statistics (by counter name) whose values disagree. */
  statMismatches: string[];
  limitMismatch: boolean;
  stale: boolean;
  agree: boolean;
  cause?: MismatchCause;
}

const FIX: Record<MismatchCause, string> = {
  'other-machine':
    'check the node ↔ instance mapping (pass the instance explicitly): this series seems to belong to another machine',
  'collector-netns':
    'run the collector in the host network namespace (`hostNetwork: true`, or `nsenter -t 1 -n`): conntrack counts are per namespace',
  'stale-series':
    "the series has a scrape gap: check `up` and the scrape errors of this target; trust the node's own reading meanwhile",
  'exporter-netns':
    "run node_exporter with `hostNetwork: true` (and `hostPID`): in a pod namespace it exports the pod's own, almost empty, conntrack table",
  'changed-between':
    'collect again: the table changed between the scrape and the reading (a burst); compare with the chart of the last hour',
};

const CAUSE_TEXT: Record<MismatchCause, string> = {
  'other-machine': "nf_conntrack_max differs, and it is global to a kernel: the series is probably another machine's",
  'collector-netns': "the collector read a pod's network namespace, not the node's",
  'stale-series': "a scrape gap: Prometheus's sample is far from the reading",
  'exporter-netns': "node_exporter reads an almost empty table: it probably runs in its own pod's network namespace",
  'changed-between': 'the table changed between the scrape and the reading',
};

function seconds(value: number): string {
  return value >= 120 ? `${Math.round(value / 60)} min` : `${Math.round(value)} s`;
}

function causeOf(
  c: Omit<ConntrackComparison, 'cause' | 'agree'>,
  reading: NodeReading,
  prom: PrometheusReading,
  min: number,
): MismatchCause {
  if (c.limitMismatch) return 'other-machine';
  if (reading.netns === 'pod') return 'collector-netns';
  if (c.stale) return 'stale-series';
  const count = reading.count;
  const entries = prom.entries?.v;
  if (
    count !== undefined &&
    entries !== undefined &&
    c.countDifference !== undefined &&
    c.countDifference > (c.countTolerance ?? 0)
  ) {
    if (entries <= min && count > entries) return 'exporter-netns';
    if (count <= min && entries > count) return 'collector-netns';
  }
  return 'changed-between';
}

/**
 * Compares the node's own conntrack reading with Prometheus's samples of the same moment. Values that disagree
 * beyond churn give `prometheus.conntrack-mismatch` (warning) with the likely cause; a series far from the reading
 * that still agrees gives `prometheus.stale-series` (info).
 */
export function compareConntrack(input: {
  node: string;
  target: PrometheusTarget;
  reading: NodeReading;
  prometheus: PrometheusReading;
  /** Epoch seconds of the reading: `reading.at` when known, else when the report was received. */
  at: number;
  options?: CompareOptions;
}): { comparison: ConntrackComparison; findings: Finding[] } {
  const { reading, prometheus: prom, at } = input;
  const min = input.options?.minDifference ?? 100;
  const relative = input.options?.relativeTolerance ?? 0.25;
  const staleAfter = input.options?.staleAfterSeconds ?? Math.max(90, 3 * (prom.scrapeInterval ?? 30));
  const base: Omit<ConntrackComparison, 'cause' | 'agree'> = {
    node: input.node,
    target: input.target,
    at,
    statMismatches: [],
    limitMismatch: reading.max !== undefined && prom.limit !== undefined && reading.max !== prom.limit.v,
    stale: false,
  };
  if (prom.entries) {
    base.sampleGapSeconds = Math.abs(prom.entries.t - at);
    base.stale = base.sampleGapSeconds > staleAfter;
    if (reading.count !== undefined) {
      base.countDifference = Math.abs(reading.count - prom.entries.v);
      base.countTolerance = Math.max(min, Math.round(relative * Math.max(reading.count, prom.entries.v)));
    }
  }
  for (const [name, value] of Object.entries(reading.stats ?? {})) {
    const other = prom.stats[name];
    if (!other) continue;
    // Counters keep rising between the scrape and the reading: allow twice the rise the collector measured.
    const rise = (reading.statRates?.[name] ?? 0) * Math.abs((reading.statsAt ?? at) - other.t);
    const tolerance = Math.max(min, relative * Math.max(value, other.v), 2 * rise);
    if (Math.abs(value - other.v) > tolerance) base.statMismatches.push(name);
  }
  const countMismatch = (base.countDifference ?? 0) > (base.countTolerance ?? Number.POSITIVE_INFINITY);
  const agree = !countMismatch && !base.limitMismatch && base.statMismatches.length === 0;
  const comparison: ConntrackComparison = { ...base, agree };
  if (!agree) comparison.cause = causeOf(base, reading, prom, min);

  const findings: Finding[] = [];
  const evidence = evidenceOf(comparison, reading, prom);
  if (!agree && comparison.cause) {
    const nodeSays = reading.count === undefined ? 'no count' : `${reading.count} entries`;
    const promSays = prom.entries === undefined ? 'no entries' : `${prom.entries.v}`;
    findings.push({
      id: MISMATCH_ID,
      severity: 'warning',
      title: `Prometheus disagrees with ${input.node} on conntrack: the node read ${nodeSays}, node_exporter ${promSays}`,
      evidence: [...evidence, `likely cause: ${CAUSE_TEXT[comparison.cause]}`],
      fix: FIX[comparison.cause],
    });
  } else if (comparison.stale && comparison.sampleGapSeconds !== undefined) {
    findings.push({
      id: STALE_ID,
      severity: 'info',
      title: `Prometheus's conntrack sample for ${input.node} is ${seconds(comparison.sampleGapSeconds)} away from the node's reading`,
      evidence,
      fix: FIX['stale-series'],
    });
  }
  return { comparison, findings };
}

function evidenceOf(c: ConntrackComparison, reading: NodeReading, prom: PrometheusReading): string[] {
  const node: string[] = [];
  if (reading.count !== undefined) node.push(`nf_conntrack_count ${reading.count}`);
  if (reading.max !== undefined) node.push(`nf_conntrack_max ${reading.max}`);
  const netns =
    reading.netns === undefined
      ? ''
      : `, netns=${reading.netns}${reading.netnsReason ? ` (${reading.netnsReason})` : ''}`;
  const lines = [`node: ${node.join(', ') || 'no conntrack size'} at ${isoSeconds(c.at)}${netns}`];
  const values: string[] = [];
  if (prom.entries) values.push(`node_nf_conntrack_entries ${prom.entries.v}`);
  if (prom.limit) values.push(`node_nf_conntrack_entries_limit ${prom.limit.v}`);
  const when =
    prom.entries === undefined
      ? ''
      : `, sample ${seconds(Math.abs(prom.entries.t - c.at))} ${prom.entries.t <= c.at ? 'before' : 'after'} the reading`;
  const every = prom.scrapeInterval === undefined ? '' : ` (scraped every ${seconds(prom.scrapeInterval)})`;
  lines.push(`Prometheus ${describeTarget(c.target)}: ${values.join(', ') || 'no values'}${when}${every}`);
  if (c.countDifference !== undefined && c.countDifference > 0) {
    lines.push(`count difference ${c.countDifference} (tolerance ${c.countTolerance})`);
  }
  if (c.limitMismatch) lines.push(`nf_conntrack_max ${reading.max} on the node, ${prom.limit?.v} in Prometheus`);
  for (const name of c.statMismatches) {
    lines.push(
      `${name}: ${reading.stats?.[name]} on the node, ${prom.stats[name]?.v} in Prometheus (summed over CPUs)`,
    );
  }
  return lines;
}
