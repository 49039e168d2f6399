// The parser of `ss -s`: the socket summary, per reading.
import type { LineScore } from '../parser.js';
import { lineParser } from '../shared/line-parser.js';
import { createSampleSeries } from '../shared/sample-series.js';
import { trimPasted } from '../shared/strip-backticks.js';

/** One `ss -s` summary. Absent fields were not printed by this iproute2 version. */
export interface SsSummarySample {
  total?: number;
  /** `Total: N (kernel M)`, older iproute2 only. */
  kernel?: number;
  tcp?: {
    total: number;
    estab?: number;
    closed?: number;
    orphaned?: number;
    synrecv?: number;
    timewait?: number;
    /** The `/N` after timewait in older iproute2 (kernel TIME_WAIT bucket count from slabinfo). */
    timewaitSlab?: number;
    ports?: number;
  };
  /** The `Transport Total IP IPv6` table: RAW, UDP, TCP, INET, FRAG and `*`. */
  transports: Record<string, { total: number; ip?: number; ipv6?: number }>;
}

export interface SsSummary {
  samples: SsSummarySample[];
}

const MAX_SAMPLES = 20;
const TCP_LINE = /^TCP:\s+(\d+)\s+\((.*)\)(?:,\s*ports\s+(\d+))?/;
const ROW = /^(\*|RAW|UDP|TCP|INET|FRAG|UDPLITE|SCTP|DCCP|MPTCP)\s+(\d+)\s+(\d+|-)\s+(\d+|-)\s*$/;

function classify(raw: string): LineScore {
  const line = trimPasted(raw);
  if (line.startsWith('TCP:')) return TCP_LINE.test(line) && /\bestab\s+\d/.test(line) ? 2 : 0;
  if (line.startsWith('Total:'))
    return /^Total:\s+\d+\s+\(kernel\s+\d+\)/.test(line) ? 2 : /^Total:\s+\d+\s*$/.test(line) ? 1 : 0;
  if (/^Transport\s+Total\s+IP\s+IPv6$/.test(line)) return 2;
  return ROW.test(line) ? 1 : 0;
}

export const ssSummaryParser = lineParser<SsSummary>({
  kind: 'ss-summary',
  command: /^ss\s+(?:-\w*s\w*|--summary)\b/,
  classify,
  read(notes) {
    const series = createSampleSeries<SsSummarySample>(() => ({ transports: {} }), MAX_SAMPLES);
    return {
      push(raw) {
        const line = trimPasted(raw);
        if (line === '') return;
        const current = series.current;
        const total = /^Total:\s+(\d+)(?:\s+\(kernel\s+(\d+)\))?/.exec(line);
        if (total) {
          const s = series.next();
          s.total = Number(total[1]);
          if (total[2]) s.kernel = Number(total[2]);
          return;
        }
        const tcp = TCP_LINE.exec(line);
        if (tcp) {
          const s = current && !current.tcp ? current : series.next();
          s.tcp = { total: Number(tcp[1]) };
          for (const part of tcp[2]!.split(',')) {
            const m = /^\s*(estab|closed|orphaned|synrecv|timewait)\s+(\d+)(?:\/(\d+))?\s*$/.exec(part);
            if (!m) continue;
            s.tcp[m[1] as 'estab'] = Number(m[2]);
            if (m[1] === 'timewait' && m[3] !== undefined) s.tcp.timewaitSlab = Number(m[3]);
          }
          if (tcp[3]) s.tcp.ports = Number(tcp[3]);
          return;
        }
        if (line.startsWith('Transport')) return;
        const row = ROW.exec(line);
        if (row) {
          const s = current ?? series.next();
          const n = (v: string) => (v === '-' ? undefined : Number(v));
          const entry: { total: number; ip?: number; ipv6?: number } = { total: Number(row[2]) };
          const ip = n(row[3]!);
          const ipv6 = n(row[4]!);
          if (ip !== undefined) entry.ip = ip;
          if (ipv6 !== undefined) entry.ipv6 = ipv6;
          s.transports[row[1]!] = entry;
          return;
        }
        notes.skip('not an ss -s line', raw);
      },
      end: () => ({ samples: series.samples }),
    };
  },
});
