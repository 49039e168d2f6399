// The numbers a cluster sweep compares across nodes, read from one node's parsed report. Pure.
import { lookupSeconds } from '../analyze/readings/lookup-duration.js';
import { ruleSources } from '../analyze/readings/rule-sources.js';
import { seriesDelta, statsSeries } from '../analyze/readings/stats-series.js';
import { collectorNetns, tableSize } from '../analyze/readings/table-size.js';
import type { Report } from '../domain/report.js';
import { dnsTimingParser } from '../parse/dns/dns-timing.js';
import { itemsOf } from '../parse/items-of.js';
import { iptablesCountParser } from '../parse/packet-filter/iptables-count.js';

/** Per-node readings; a metric the report does not show is absent (never 0). Public in `--json` output. */
export interface NodeMetrics {
  /** nf_conntrack_count / nf_conntrack_max, in percent (host network namespace only). */
  conntrackFillPercent?: number;
  /** Rise of `insert_failed` between the collector's two samples, per second. */
  insertFailedPerSecond?: number;
  /** Rise of `drop` between the two samples, per second. */
  dropsPerSecond?: number;
  /** iptables rules (IPv4, `-A` lines, every backend that holds rules). */
  iptablesRules?: number;
  /** The slowest name lookup the report shows, in milliseconds. */
  dnsLookupMs?: number;
}

export type MetricId = keyof NodeMetrics;

export const METRIC_IDS: readonly MetricId[] = [
  'conntrackFillPercent',
  'insertFailedPerSecond',
  'dropsPerSecond',
  'iptablesRules',
  'dnsLookupMs',
];

/** Reads the sweep metrics from one node's report. */
export function nodeMetrics(report: Report): NodeMetrics {
  const metrics: NodeMetrics = {};
  const fill = conntrackFill(report);
  if (fill !== undefined) metrics.conntrackFillPercent = fill;
  const rates = counterRates(report);
  if (rates.insertFailed !== undefined) metrics.insertFailedPerSecond = rates.insertFailed;
  if (rates.drop !== undefined) metrics.dropsPerSecond = rates.drop;
  const rules = iptablesRules(report);
  if (rules !== undefined) metrics.iptablesRules = rules;
  const dns = slowestLookupMs(report);
  if (dns !== undefined) metrics.dnsLookupMs = dns;
  return metrics;
}

function conntrackFill(report: Report): number | undefined {
  // Counts read inside a pod's network namespace say nothing about the node's table.
  if (collectorNetns(report).netns === 'pod') return undefined;
  const { count, max } = tableSize(report);
  if (count === undefined || max === undefined || max <= 0) return undefined;
  return (100 * count) / max;
}

function counterRates(report: Report): { insertFailed?: number; drop?: number } {
  // `conntrack -S` first; /proc/net/stat/nf_conntrack when the tool is missing.
  const series = statsSeries(report).sort(
    (a, b) => Number(a.label !== 'conntrack -S') - Number(b.label !== 'conntrack -S'),
  );
  for (const one of series) {
    const delta = seriesDelta(report, one);
    if (!delta?.seconds) continue;
    const rate = (name: string) => {
      const rise = delta.delta[name];
      return rise === undefined ? undefined : rise / delta.seconds!;
    };
    const out: { insertFailed?: number; drop?: number } = {};
    const insertFailed = rate('insert_failed');
    const drop = rate('drop');
    if (insertFailed !== undefined) out.insertFailed = insertFailed;
    if (drop !== undefined) out.drop = drop;
    return out;
  }
  return {};
}

function iptablesRules(report: Report): number | undefined {
  const candidates: number[] = [];
  for (const item of itemsOf(report, iptablesCountParser)) {
    // Packets walk every backend's hooks: the legacy and the nft rules of one family add up.
    const ipv4 = item.value.counts.filter((c) => c.family === 'ipv4' && c.unit === 'rules');
    if (ipv4.length > 0) candidates.push(ipv4.reduce((sum, c) => sum + c.value, 0));
  }
  for (const source of ruleSources(report)) {
    if (source.label !== 'nft list') candidates.push(source.tally.rules);
  }
  return candidates.length === 0 ? undefined : Math.max(...candidates);
}

function slowestLookupMs(report: Report): number | undefined {
  let slowest: number | undefined;
  for (const item of itemsOf(report, dnsTimingParser)) {
    for (const lookup of item.value.lookups) {
      const seconds = lookupSeconds(lookup);
      if (seconds !== undefined && (slowest === undefined || seconds * 1000 > slowest)) slowest = seconds * 1000;
    }
  }
  return slowest;
}
