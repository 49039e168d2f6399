// The parser of `iptables -L` listings, tallied rule by rule.
import type { LineScore } from '../parser.js';
import { lineParser } from '../shared/line-parser.js';
import { guessTable } from './chain-names.js';
import { createRuleTally, type RuleTally } from './iptables-rules.js';

export interface IptablesListValue {
  /** From `-t nat` in the command, when known. */
  table?: string;
  family?: 'ipv4' | 'ipv6';
  /** `Chain X (...)` headers seen. */
  chains: number;
  /** Whether the counters columns (`-v`) were present. */
  verbose: boolean;
  /** `iptables v1.8.7 (nf_tables): ...` / `(legacy)` messages or the command name. */
  backend?: 'legacy' | 'nf_tables';
  /** `# Warning: iptables-legacy tables present, use iptables-legacy to see them` (iptables-nft). */
  legacyTablesWarning: boolean;
  tally: RuleTally;
}

const COMMAND =
  /^ip6?tables(?:-legacy|-nft)?\s(?:.*\s)?(?:-[A-Za-z]*L[A-Za-z]*\b|--list(?![-\w]))(?![^|]*\|\s*(?:wc\b|grep\b[^|]*\s(?:-\w*c\w*|--count)\b))/;
const CHAIN =
  /^Chain (\S+) \((?:policy (\w+)(?: ([\d.]+[KMGT]?) packets, ([\d.]+[KMGT]?) bytes)?|(\d+) references?|user-defined)\)/;
const HEADER = /^(?:num\s+)?(?:pkts\s+bytes\s+)?target\s+prot\s+opt\s+(?:in\s+out\s+)?source\s+destination\b/;
const COUNT = /^\d+(?:\.\d+)?[KMGT]?$/;
const PROTO = /^(?:all|tcp|udp|udplite|icmp|icmpv6|ipv6-icmp|sctp|esp|ah|gre|ipip|ipv6|igmp|vrrp|ospf|\d+|!\S+)$/;
/** A rule line: optional num, optional counters, target, protocol, the `--` opt column. */
const RULE_SIGNATURE =
  /^\s*(?:\d+\s+)?(?:\d+(?:\.\d+)?[KMGT]?\s+\d+(?:\.\d+)?[KMGT]?\s+)?(?:[A-Za-z][\w.:-]*\s+)?(?:all|tcp|udp|icmp|icmpv6|ipv6-icmp|sctp|udplite|esp|ah|gre|\d+)\s+(?:--|-f|!f)\s+\S+\s+\S+/;

function classify(line: string): LineScore {
  const s = line.trimStart();
  if (s.startsWith('Chain ')) return CHAIN.test(s) ? 2 : 0;
  if (s.startsWith('target') || s.startsWith('pkts') || s.startsWith('num')) return HEADER.test(s) ? 2 : 0;
  if (s.includes('iptables-legacy tables present')) return s.includes('-save') ? 1 : 2;
  if (s.includes(' -- ') || s.includes('  --  ')) return RULE_SIGNATURE.test(s) ? 2 : 1;
  // ip6tables prints no opt column; names resolved without -n
  if (
    /^\s*(?:\d+\s+)*[A-Za-z][\w.:-]*\s+(?:all|tcp|udp|icmpv6|ipv6-icmp|sctp)\s+(?:\S+\s+){1,4}(?:anywhere|::\/0|0\.0\.0\.0\/0)\b/.test(
      s,
    )
  ) {
    return 1;
  }
  return /^iptables v\d/.test(s) ? 1 : 0;
}

export const iptablesListParser = lineParser<IptablesListValue>({
  kind: 'iptables-list',
  command: COMMAND,
  classify,
  read(notes, context) {
    const tally = createRuleTally();
    const cmd = context.command ?? '';
    const value: Omit<IptablesListValue, 'tally'> = { chains: 0, verbose: false, legacyTablesWarning: false };
    const t = /\s-t\s*(\w+)|\s--table[=\s](\w+)/.exec(cmd);
    const tableFromCommand = t ? (t[1] ?? t[2]) : cmd ? 'filter' : undefined;
    if (t) value.table = t[1] ?? t[2];
    if (cmd.startsWith('ip6tables')) value.family = 'ipv6';
    else if (cmd.startsWith('iptables')) value.family = 'ipv4';
    if (/^ip6?tables-legacy/.test(cmd)) value.backend = 'legacy';
    else if (/^ip6?tables-nft/.test(cmd)) value.backend = 'nf_tables';
    let chain: string | undefined;
    let pending: string | undefined;

    const flush = (): void => {
      if (pending === undefined) return;
      const text = pending;
      pending = undefined;
      const rule = readRule(text);
      if (!rule) {
        notes.skip('not an iptables -L rule', text);
        return;
      }
      if (rule.counters) value.verbose = true;
      const c = chain ?? '(unknown chain)';
      tally.add({
        table: tableFromCommand ?? guessTable(c, rule.target),
        chain: c,
        target: rule.target,
        comment: rule.comment,
        randomFully: /\brandom-fully\b/.test(text),
        text,
        catchAll: rule.catchAll,
        ...(rule.packets === undefined ? {} : { packets: rule.packets }),
      });
    };

    return {
      push(line) {
        const s = line.trim();
        if (s === '') {
          flush();
          return;
        }
        const c = CHAIN.exec(s);
        if (c) {
          flush();
          chain = c[1]!;
          value.chains++;
          if (c[2] !== undefined) tally.policy(tableFromCommand ?? 'unknown', chain, c[2]);
          if (c[3] !== undefined) value.verbose = true;
          return;
        }
        if (HEADER.test(s)) {
          flush();
          if (s.includes('pkts')) value.verbose = true;
          return;
        }
        if (s.includes('iptables-legacy tables present')) {
          flush();
          value.legacyTablesWarning = true;
          return;
        }
        const backend = /^ip6?tables v[\d.]+ \((legacy|nf_tables)\)/.exec(s);
        if (backend) {
          flush();
          value.backend = backend[1] as 'legacy' | 'nf_tables';
          notes.skip('iptables message', s);
          return;
        }
        if (looksLikeRule(s)) {
          flush();
          pending = s;
          return;
        }
        // The tail of a rule wrapped by a terminal or chat ("no endpoints */ ADDRTYPE match ...").
        if (pending !== undefined && !/^[A-Z][a-z]+ [a-z]/.test(s)) {
          pending += ` ${s}`;
          return;
        }
        flush();
        notes.skip('not an iptables -L line', s);
      },
      end() {
        flush();
        return { ...value, tally: tally.result() };
      },
    };
  },
});

interface ListedRule {
  target: string;
  counters: boolean;
  comment?: string;
  /** The pkts column, when present (`-v`; `1.2K`/`3M` scaled). */
  packets?: number;
  /** Any protocol, any interface, any address and nothing after the columns but a comment or reject type (known
   * only with `-v`, which prints the interfaces). */
  catchAll: boolean;
}

const SCALE: Record<string, number> = { K: 1e3, M: 1e6, G: 1e9, T: 1e12 };

function countOf(token: string): number {
  const m = /^(\d+(?:\.\d+)?)([KMGT]?)$/.exec(token);
  return m ? Math.round(Number(m[1]) * (m[2] ? SCALE[m[2]]! : 1)) : 0;
}

const ANY = /^(?:\*|anywhere|0\.0\.0\.0\/0|::\/0|any)$/;

function looksLikeRule(s: string): boolean {
  const tokens = s.split(/\s+/, 8);
  let i = 0;
  while (i < tokens.length && COUNT.test(tokens[i]!)) i++;
  if (i > 3) return false;
  const a = tokens[i];
  const b = tokens[i + 1];
  if (a === undefined || b === undefined) return false;
  return PROTO.test(b) || (PROTO.test(a) && (b === '--' || b === '-f' || b === '!f'));
}

/** Reads the target and comment of one `iptables -L` rule line (with or without `num`/counters, opt column). */
export function readRule(s: string): ListedRule | undefined {
  const tokens = s.split(/\s+/, 8);
  let lead = 0;
  while (lead < tokens.length && COUNT.test(tokens[lead]!)) lead++;
  if (lead > 3) return undefined;
  const a = tokens[lead];
  const b = tokens[lead + 1];
  if (a === undefined || b === undefined) return undefined;
  // A rule without a target prints an empty target column: the protocol comes first.
  const noTarget = PROTO.test(a) && (b === '--' || b === '-f' || b === '!f');
  const target = noTarget ? '' : a;
  if (!noTarget && !PROTO.test(b)) return undefined;
  const open = s.indexOf('/* ');
  let comment: string | undefined;
  if (open >= 0) {
    const close = s.indexOf(' */', open + 3);
    comment = close < 0 ? s.slice(open + 3) : s.slice(open + 3, close);
  }
  const counters = lead >= 2;
  // Columns after target: prot opt [in out] source destination, then the match text.
  const cols = s.split(/\s+/).slice(lead + (noTarget ? 0 : 1));
  const verboseCols = cols[1] === '--' || cols[1] === '-f' || cols[1] === '!f' ? cols : [];
  let rest = '';
  let anyColumns = false;
  if (verboseCols.length >= 4) {
    // `-v` adds the in and out columns (and the counters that tell it).
    const hasIo = counters && verboseCols.length >= 6;
    const addr = hasIo ? verboseCols.slice(2, 6) : verboseCols.slice(2, 4);
    // iptables 1.8.8+ prints protocol numbers: `0` is all.
    anyColumns = (verboseCols[0] === 'all' || verboseCols[0] === '0') && addr.every((a) => ANY.test(a));
    rest = (hasIo ? verboseCols.slice(6) : verboseCols.slice(4)).join(' ');
  }
  // Without `-v` the in/out columns are not printed: `REJECT all -- anywhere anywhere` may be `-o virbr0 -j REJECT`.
  const catchAll =
    counters &&
    anyColumns &&
    rest
      .replace(/\/\*.*?\*\//g, '')
      .replace(/reject-with \S+/, '')
      .trim() === '';
  const rule: ListedRule = { target, counters, comment, catchAll };
  if (counters) rule.packets = countOf(tokens[lead - 2]!);
  return rule;
}
