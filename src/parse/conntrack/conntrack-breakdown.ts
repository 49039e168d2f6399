// The conntrack table's aggregate (`ConntrackBreakdown`), and the parser of the collector's breakdown section,
// which computes that aggregate on the node.
import type { LineScore } from '../parser.js';
import { lineParser } from '../shared/line-parser.js';

export interface TopEntry {
  key: string;
  count: number;
}

/**
 * What the conntrack table holds, aggregated entry by entry (`conntrack -L`, `/proc/net/nf_conntrack`, or the
 * collector's on-node breakdown). Top lists hold the largest counts only; `approximate` says they were pruned.
 */
export interface ConntrackBreakdown {
  /** Entries read. */
  total: number;
  /** `conntrack v1.4.6 (conntrack-tools): N flow entries have been shown.` */
  shown?: number;
  byProto: Record<string, number>;
  /** TCP states. */
  byState: Record<string, number>;
  unreplied: number;
  assured: number;
  udpUnreplied: number;
  /** UDP `[UNREPLIED]` entries by original destination port. */
  udpUnrepliedDport: TopEntry[];
  /** DNATed entries (original destination differs from the reply source), `ORIGDST:PORT>REPLYSRC:PORT`. */
  dnat: TopEntry[];
  /** The same for UDP `[UNREPLIED]` entries. */
  udpUnrepliedDnat: TopEntry[];
  /** Entries whose remaining timeout is at least `longTimeoutMin` seconds. */
  longTimeout: number;
  longTimeoutMin: number;
  maxTimeout: number;
  /** All DNATed entries (the top list holds the largest pairs only). */
  dnatEntries?: number;
  /** SNATed entries (the reply destination differs from the original source), when known. */
  snatEntries?: number;
  /** Entries by address family (`ipv4`, `ipv6`), when the listing says. */
  families?: Record<string, number>;
  /** True when counts are estimates or the listing was cut (a timeout, a size limit). */
  approximate: boolean;
}

/** The collector counts `long-timeout` entries with more than a day left (as the list parser does). */
const COLLECTOR_LONG_TIMEOUT_MIN = 86401;
const MAX_TOP = 50;

/** `KEY [NAME] COUNT` lines of the collector's on-node breakdown (docs/report-format.md). */
const LINE = /^\s*([a-z][a-z-]*)(?:\s+(\S+))?\s+(\d+)\s*$/;
const SIGNATURE = new Set([
  'udp-unreplied-dport',
  'udp-unreplied-dnat',
  'long-timeout',
  'max-timeout',
  'dnat-distinct',
]);
const NAMED = new Set(['proto', 'state', 'flag', 'family', 'nat', 'dnat', 'udp-unreplied-dport', 'udp-unreplied-dnat']);
const PLAIN = new Set(['total', 'udp-unreplied', 'long-timeout', 'max-timeout', 'dnat-distinct', 'dnat-uncounted']);

function classify(line: string): LineScore {
  const m = LINE.exec(line);
  if (m) {
    const key = m[1]!;
    if (m[2] === undefined ? !PLAIN.has(key) : !NAMED.has(key)) return 0;
    if (SIGNATURE.has(key)) return 2;
    if (key === 'flag' && (m[2] === 'UNREPLIED' || m[2] === 'ASSURED')) return 2;
    if (key === 'nat' && (m[2] === 'dnat' || m[2] === 'snat')) return 2;
    return 1;
  }
  return /^\s*source\s+(?:conntrack|proc)\s*$/.test(line) ? 1 : 0;
}

/** The collector's `conntrack-breakdown` section: the same aggregate as `conntrack-list`, computed on the node. */
export const conntrackBreakdownParser = lineParser<ConntrackBreakdown>({
  kind: 'conntrack-breakdown',
  command: /^(?:conntrack\s+-L\b.*\|\s*awk\s+\(breakdown\)|awk\s+\(breakdown\))/,
  classify,
  read(notes) {
    const value: ConntrackBreakdown = {
      total: 0,
      byProto: {},
      byState: {},
      unreplied: 0,
      assured: 0,
      udpUnreplied: 0,
      udpUnrepliedDport: [],
      dnat: [],
      udpUnrepliedDnat: [],
      longTimeout: 0,
      longTimeoutMin: COLLECTOR_LONG_TIMEOUT_MIN,
      maxTimeout: 0,
      approximate: false,
    };
    let udpUnrepliedSeen = false;
    const top = (list: TopEntry[], key: string, count: number) => {
      if (list.length < MAX_TOP) list.push({ key, count });
    };
    return {
      push(line) {
        const text = line.trim();
        if (text === '') return;
        const m = LINE.exec(text);
        if (!m) {
          if (/^source\s+\w+$/.test(text)) return;
          if (/partial|timed out/.test(text)) value.approximate = true;
          notes.skip('not a breakdown line', text);
          return;
        }
        const [, key, name, raw] = m;
        const n = Number(raw);
        switch (name === undefined ? key : `${key} *`) {
          case 'total':
            value.total = n;
            return;
          case 'udp-unreplied':
            value.udpUnreplied = n;
            udpUnrepliedSeen = true;
            return;
          case 'long-timeout':
            value.longTimeout = n;
            return;
          case 'max-timeout':
            value.maxTimeout = n;
            return;
          case 'dnat-distinct':
            return;
          case 'dnat-uncounted':
            if (n > 0) value.approximate = true;
            return;
          case 'proto *':
            value.byProto[name!] = n;
            return;
          case 'state *':
            value.byState[name!] = n;
            return;
          case 'family *':
            value.families = { ...value.families, [name!]: n };
            return;
          case 'flag *':
            if (name === 'UNREPLIED') value.unreplied = n;
            else if (name === 'ASSURED') value.assured = n;
            return;
          case 'nat *':
            if (name === 'dnat') value.dnatEntries = n;
            else if (name === 'snat') value.snatEntries = n;
            return;
          case 'udp-unreplied-dport *':
            top(value.udpUnrepliedDport, name!, n);
            return;
          case 'dnat *':
            top(value.dnat, name!, n);
            return;
          case 'udp-unreplied-dnat *':
            top(value.udpUnrepliedDnat, name!, n);
            return;
          default:
            notes.skip('an unknown breakdown key', text);
        }
      },
      end() {
        if (!udpUnrepliedSeen) value.udpUnreplied = value.udpUnrepliedDport.reduce((sum, e) => sum + e.count, 0);
        return value;
      },
    };
  },
});
