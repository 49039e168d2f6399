// The conntrack table's count, max and buckets from every source a report has, and the node facts around them.
import type { Report } from '../../domain/report.js';
import { conntrackCountParser } from '../../parse/conntrack/conntrack-count.js';
import { hostInfoParser } from '../../parse/conntrack/host-info.js';
import { netnsCheckParser } from '../../parse/conntrack/netns-check.js';
import { sysctlParser, sysctlValue } from '../../parse/conntrack/sysctl.js';
import { itemsOf } from '../../parse/items-of.js';

/** The conntrack table's size as the report shows it; the last value read wins (a later reading is current). */
export interface TableSize {
  count?: number;
  max?: number;
  buckets?: number;
  /** Where count and max were read, for evidence. */
  countFrom?: string;
  maxFrom?: string;
  /** Counts in reading order, when the report has several. */
  counts: number[];
}

function leadingInt(raw: string | undefined): number | undefined {
  const m = raw === undefined ? null : /^\s*(\d+)/.exec(raw);
  return m ? Number(m[1]) : undefined;
}

/** Reads count, max and buckets from /proc reads, `conntrack -C`, sysctl output and the collector's netns check. */
export function tableSize(report: Report): TableSize {
  const size: TableSize = { counts: [] };
  type Reading = { line: number; key: 'count' | 'max' | 'buckets'; value: number; from: string };
  const readings: Reading[] = [];
  for (const item of itemsOf(report, conntrackCountParser)) {
    const from = item.value.via[0] ?? 'nf_conntrack_count/max';
    const v = item.value;
    for (const c of v.counts) readings.push({ line: item.source.line, key: 'count', value: c, from });
    if (v.counts.length === 0 && v.count !== undefined) {
      readings.push({ line: item.source.line, key: 'count', value: v.count, from });
    }
    if (v.max !== undefined) readings.push({ line: item.source.line, key: 'max', value: v.max, from });
    if (v.buckets !== undefined) readings.push({ line: item.source.line, key: 'buckets', value: v.buckets, from });
  }
  for (const item of itemsOf(report, sysctlParser)) {
    const values = item.value.values;
    const from = 'sysctl';
    const count = leadingInt(sysctlValue(values, 'net.netfilter.nf_conntrack_count'));
    const max = leadingInt(sysctlValue(values, 'net.netfilter.nf_conntrack_max'));
    const buckets = leadingInt(sysctlValue(values, 'net.netfilter.nf_conntrack_buckets'));
    if (count !== undefined) readings.push({ line: item.source.line, key: 'count', value: count, from });
    if (max !== undefined) readings.push({ line: item.source.line, key: 'max', value: max, from });
    if (buckets !== undefined) readings.push({ line: item.source.line, key: 'buckets', value: buckets, from });
  }
  // The netns check repeats count and max; it only fills what nothing else gave.
  const fallback: Reading[] = [];
  for (const item of itemsOf(report, netnsCheckParser)) {
    const v = item.value;
    if (v.conntrackCount !== undefined)
      fallback.push({ line: item.source.line, key: 'count', value: v.conntrackCount, from: 'netns check' });
    if (v.conntrackMax !== undefined)
      fallback.push({ line: item.source.line, key: 'max', value: v.conntrackMax, from: 'netns check' });
  }
  readings.sort((a, b) => a.line - b.line);
  for (const r of [...readings, ...fallback.filter((f) => !readings.some((r) => r.key === f.key))]) {
    if (r.key === 'count') {
      size.count = r.value;
      size.countFrom = r.from;
      size.counts.push(r.value);
    } else if (r.key === 'max') {
      size.max = r.value;
      size.maxFrom = r.from;
    } else size.buckets = r.value;
  }
  return size;
}

/** `pod` when the collector says it ran outside the host network namespace, else `host` or `unknown`. */
export function collectorNetns(report: Report): { netns: string; reason?: string } {
  for (const item of itemsOf(report, netnsCheckParser)) {
    if (item.value.netns)
      return { netns: item.value.netns, ...(item.value.reason ? { reason: item.value.reason } : {}) };
  }
  for (const item of itemsOf(report, hostInfoParser)) {
    if (item.value.netns) {
      const reason = item.value.fields.netns_reason;
      return { netns: item.value.netns, ...(reason ? { reason } : {}) };
    }
  }
  return { netns: 'unknown' };
}

/** CPU count of the node, when the collector's basics section gives it. */
export function hostCpus(report: Report): number | undefined {
  for (const item of itemsOf(report, hostInfoParser)) if (item.value.cpus) return item.value.cpus;
  return undefined;
}

export function percent(part: number, whole: number): string {
  const p = (100 * part) / whole;
  return `${p >= 10 ? p.toFixed(0) : p.toFixed(1)} %`;
}
