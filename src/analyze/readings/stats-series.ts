// The report's series of conntrack statistics and how each counter changed between the first and last sample.
import type { Report } from '../../domain/report.js';
import { conntrackStatHexParser } from '../../parse/conntrack/conntrack-stat-hex.js';
import { type ConntrackStatsSample, conntrackStatsParser } from '../../parse/conntrack/conntrack-stats.js';
import { itemsOf } from '../../parse/items-of.js';

/** One sample with when it was taken (epoch seconds of its collector section) and where it came from. */
export interface TimedSample {
  sample: ConntrackStatsSample;
  at?: number;
  /** Index of the report item it came from: samples of different items are different commands. */
  item: number;
}

/** Samples of one source (`conntrack -S` or `/proc/net/stat/nf_conntrack`), oldest first. */
export interface StatsSeries {
  label: string;
  samples: TimedSample[];
}

const LABELS: Record<ConntrackStatsSample['source'], string> = {
  netlink: 'conntrack -S',
  summary: 'conntrack -S',
  'proc-hex': '/proc/net/stat/nf_conntrack',
};

/** Every series of conntrack statistics in the report: `conntrack -S` and the /proc hex file apart. */
export function statsSeries(report: Report): StatsSeries[] {
  const bySource = new Map<string, StatsSeries>();
  const items = [...itemsOf(report, conntrackStatsParser), ...itemsOf(report, conntrackStatHexParser)];
  items.forEach((item, index) => {
    for (const sample of item.value.samples) {
      const key = sample.source === 'proc-hex' ? 'proc-hex' : 'netlink';
      let series = bySource.get(key);
      if (!series) {
        series = { label: LABELS[sample.source], samples: [] };
        bySource.set(key, series);
      }
      const timed: TimedSample = { sample, item: index };
      const at = item.source.section?.at;
      if (at !== undefined) timed.at = at;
      series.samples.push(timed);
    }
  });
  return [...bySource.values()].filter((s) => s.samples.length > 0);
}

/** The change of each counter between the first and the last sample (32-bit counters wrap). */
export interface StatsDelta {
  delta: Record<string, number>;
  /** Seconds between the samples, when known. */
  seconds?: number;
  perCpu: Map<number, Record<string, number>>;
}

const WRAP = 2 ** 32;

/** b - a for a cumulative counter; a 32-bit counter near its top may wrap. Any other decrease is no rise (0). */
function diff(a: number, b: number): number {
  const d = b - a;
  if (d >= 0) return d;
  return a >= WRAP / 2 && a < WRAP && b < WRAP / 2 ? d + WRAP : 0;
}

/** Δ between the first and the last sample of a series, or undefined for a single sample. */
export function seriesDelta(report: Report, series: StatsSeries): StatsDelta | undefined {
  const first = series.samples[0];
  const last = series.samples.at(-1);
  if (!first || !last || first === last) return undefined;
  // A different CPU count means another node (a paste of several hosts): the samples are not comparable.
  if (first.sample.cpus.length !== last.sample.cpus.length) return undefined;
  const delta: Record<string, number> = {};
  for (const [name, value] of Object.entries(last.sample.totals)) {
    const before = first.sample.totals[name];
    if (before !== undefined) delta[name] = diff(before, value);
  }
  const perCpu = new Map<number, Record<string, number>>();
  const earlier = new Map(first.sample.cpus.map((row) => [row.cpu, row.counters]));
  for (const row of last.sample.cpus) {
    const before = earlier.get(row.cpu);
    if (!before) continue;
    const d: Record<string, number> = {};
    for (const [name, value] of Object.entries(row.counters)) {
      if (before[name] !== undefined) d[name] = diff(before[name]!, value);
    }
    perCpu.set(row.cpu, d);
  }
  const out: StatsDelta = { delta, perCpu };
  if (first.at !== undefined && last.at !== undefined && last.at > first.at) out.seconds = last.at - first.at;
  else if (first.item !== last.item && report.collector?.interval) {
    out.seconds = report.collector.interval * (series.samples.length - 1);
  }
  return out;
}

/** `insert_failed 199 summed over 8 CPUs (cpu1 107, cpu0 92)`, naming the CPUs with the largest values. */
export function describeCounter(sample: ConntrackStatsSample, name: string, label: string): string {
  const total = sample.totals[name] ?? 0;
  if (sample.cpus.length === 0) return `${name} ${total} (${label}, totals)`;
  const top = sample.cpus
    .filter((row) => (row.counters[name] ?? 0) > 0)
    .sort((a, b) => (b.counters[name] ?? 0) - (a.counters[name] ?? 0));
  const named = top
    .slice(0, 4)
    .map((row) => `cpu${row.cpu} ${row.counters[name]}`)
    .join(', ');
  const more = top.length > 4 ? `, ${top.length - 4} more` : '';
  const cpus = sample.cpus.length === 1 ? '1 CPU' : `${sample.cpus.length} CPUs`;
  return `${name} ${total} summed over ${cpus}${named ? ` (${named}${more})` : ''} (${label}, since boot)`;
}

/** `+120 in 5 s (24.0/s)` or `+120 between the two samples`. */
export function describeRise(name: string, rise: number, seconds: number | undefined): string {
  if (seconds === undefined) return `${name} rose by ${rise} between the two samples: still rising`;
  const rate = rise / seconds;
  return `${name} rose by ${rise} in ${seconds} s (${rate >= 10 ? rate.toFixed(0) : rate.toFixed(1)}/s): still rising`;
}

/**
 * Counters of traffic the tracker handled (whatever this kernel still counts), to weigh a handful of failures:
 * 5.x kernels leave `found`/`insert`/`new`/`searched` at 0, older ones count every lookup.
 */
export function activity(sample: ConntrackStatsSample): number {
  const t = sample.totals;
  return Math.max((t.found ?? 0) + (t.new ?? 0) + (t.ignore ?? 0), t.insert ?? 0, t.searched ?? 0, t.delete ?? 0);
}
