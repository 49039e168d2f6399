// The node's side of the cross-check: its conntrack count, limit and statistics read from one report.
import { seriesDelta, statsSeries } from '../analyze/readings/stats-series.js';
import type { Report } from '../domain/report.js';
import { conntrackCountParser } from '../parse/conntrack/conntrack-count.js';
import { netnsCheckParser } from '../parse/conntrack/netns-check.js';
import { itemsOf } from '../parse/items-of.js';

/** What the node itself said about its conntrack table, from one collector report (or a paste). */
export interface NodeReading {
  /** `nf_conntrack_count`: per network namespace. */
  count?: number;
  /** `nf_conntrack_max`: global. */
  max?: number;
  /** Epoch seconds of the reading (its collector section), when known. */
  at?: number;
  /** The collector's namespace check: `host`, `pod` or `unknown`, and why. */
  netns?: string;
  netnsReason?: string;
  /** Conntrack statistics summed over CPUs (`conntrack -S` or /proc/net/stat), the latest sample. */
  stats?: Record<string, number>;
  statsAt?: number;
  /** Rise per second of each statistic between the collector's two samples. */
  statRates?: Record<string, number>;
}

/** Reads the `conntrack-count`, `netns-check` and conntrack statistics items of a report. */
export function nodeReadingOf(report: Report): NodeReading {
  const reading: NodeReading = {};
  for (const item of itemsOf(report, conntrackCountParser)) {
    if (item.value.count === undefined && item.value.max === undefined) continue;
    if (item.value.count !== undefined) reading.count = item.value.count;
    if (item.value.max !== undefined) reading.max = item.value.max;
    const at = item.source.section?.at ?? report.collector?.start;
    if (at !== undefined) reading.at = at;
  }
  for (const item of itemsOf(report, netnsCheckParser)) {
    const { value } = item;
    if (value.netns !== undefined) reading.netns = value.netns;
    if (value.reason !== undefined) reading.netnsReason = value.reason;
    // The netns section reads the count too: a fallback when the conntrack-count section is missing.
    if (reading.count === undefined && value.conntrackCount !== undefined) {
      reading.count = value.conntrackCount;
      const at = item.source.section?.at ?? report.collector?.start;
      if (at !== undefined) reading.at = at;
    }
    if (reading.max === undefined && value.conntrackMax !== undefined) reading.max = value.conntrackMax;
  }
  // `conntrack -S` is preferred over the /proc hex file: netlink is what node_exporter's kernel counters mirror.
  const series = statsSeries(report).sort(
    (a, b) => Number(a.label !== 'conntrack -S') - Number(b.label !== 'conntrack -S'),
  );
  const chosen = series[0];
  const last = chosen?.samples.at(-1);
  if (chosen && last) {
    reading.stats = { ...last.sample.totals };
    const at = last.at ?? report.collector?.start;
    if (at !== undefined) reading.statsAt = at;
    const delta = seriesDelta(report, chosen);
    if (delta?.seconds) {
      const seconds = delta.seconds;
      reading.statRates = Object.fromEntries(Object.entries(delta.delta).map(([name, rise]) => [name, rise / seconds]));
    }
  }
  return reading;
}
