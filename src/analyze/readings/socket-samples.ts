// TCP socket counts from every `ss -s` and sockstat reading of a report, and the kernel limits they meet.
import type { Report } from '../../domain/report.js';
import { itemsOf } from '../../parse/items-of.js';
import { sockstatParser } from '../../parse/sockets/sockstat.js';
import { ssSummaryParser } from '../../parse/sockets/ss-summary.js';

/** TCP socket counts from one `ss -s` or `/proc/net/sockstat` reading. */
export interface TcpSample {
  source: string;
  timewait: number;
  /** `estab` from `ss -s`; for sockstat, `inuse` (every TCP socket except TIME_WAIT). */
  established?: number;
  establishedLabel: string;
  orphans?: number;
}

export function tcpSamples(report: Report): TcpSample[] {
  const samples: TcpSample[] = [];
  for (const { value } of itemsOf(report, ssSummaryParser)) {
    for (const s of value.samples) {
      if (s.tcp?.timewait === undefined) continue;
      const sample: TcpSample = { source: 'ss -s', timewait: s.tcp.timewait, establishedLabel: 'estab' };
      if (s.tcp.estab !== undefined) sample.established = s.tcp.estab;
      if (s.tcp.orphaned !== undefined) sample.orphans = s.tcp.orphaned;
      samples.push(sample);
    }
  }
  for (const { value } of itemsOf(report, sockstatParser)) {
    for (const s of value.samples) {
      const tw = s.tcp?.tw;
      if (tw === undefined) continue;
      const sample: TcpSample = { source: 'sockstat', timewait: tw, establishedLabel: 'inuse' };
      if (s.tcp?.inuse !== undefined) sample.established = s.tcp.inuse;
      if (s.tcp?.orphan !== undefined) sample.orphans = s.tcp.orphan;
      samples.push(sample);
    }
  }
  return samples;
}

/** A kernel parameter from any `sysctl` item, read defensively (that parser belongs to another area). */
export function sysctlNumbers(report: Report, key: string): number[] | undefined {
  for (const item of report.items) {
    if (item.kind !== 'sysctl') continue;
    const values = (item.value as { values?: unknown } | undefined)?.values;
    if (!values || typeof values !== 'object') continue;
    const raw =
      (values as Record<string, unknown>)[key] ?? (values as Record<string, unknown>)[key.replace(/\./g, '/')];
    if (typeof raw !== 'string' && typeof raw !== 'number') continue;
    const numbers = String(raw).trim().split(/\s+/).map(Number);
    if (numbers.length > 0 && numbers.every((n) => Number.isFinite(n))) return numbers;
  }
  return undefined;
}
