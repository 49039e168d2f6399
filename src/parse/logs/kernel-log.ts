// The parser of kernel logs (dmesg, journalctl -k, syslog): the messages netcheck counts, by class, when and how often.
import type { LineScore } from '../parser.js';
import { lineParser } from '../shared/line-parser.js';
import { type KernelClock, type KernelLine, readKernelLine } from './kernel-log-line.js';

/** Kernel messages netcheck counts; everything else is only counted as `other`. */
export type KernelMessageClass =
  | 'conntrack-table-full'
  | 'conntrack-expect-full'
  | 'ipvs-no-destination'
  | 'neighbour-overflow'
  | 'packet-log'
  | 'conntrack-invalid'
  | 'conntrack-vmalloc'
  | 'conntrack-generic-helper'
  | 'tcp-tw-overflow'
  | 'tcp-out-of-memory'
  | 'tcp-orphans'
  | 'tcp-syn-flood';

export type { KernelClock } from './kernel-log-line.js';

export interface KernelMessageStat {
  /** Messages printed. */
  count: number;
  /** Messages the kernel left out (`net_ratelimit: N callbacks suppressed` next to these messages). */
  suppressed: number;
  first?: string;
  last?: string;
  clock?: KernelClock;
  firstSeconds?: number;
  lastSeconds?: number;
  /** The first few messages, as printed (prefix included). */
  examples: string[];
}

export interface KernelLog {
  /** Kernel messages read (wrapped lines joined). */
  messages: number;
  classes: Partial<Record<KernelMessageClass, KernelMessageStat>>;
  /** `IPVS: ... no destination available` per virtual service (`TCP 10.96.0.10:53`), first 20 services. */
  ipvsServices: Record<string, number>;
  /** Packet LOG lines (`... IN=eth0 OUT= ...`) per log prefix (`INVALID-DROP:`), first 20 prefixes. */
  packetLogPrefixes: Record<string, number>;
  /** Neighbour tables that overflowed (`arp_cache`, `ndisc_cache`). */
  neighbourTables: string[];
  /** Suppressed-callback counts that could not be tied to a counted message. */
  suppressedElsewhere: number;
  /** `nf_conntrack version 0.5.0 (65536 buckets, 262144 max)` at module load. */
  conntrackAtLoad?: { buckets: number; max: number };
  /** `dmesg: read kernel buffer failed: Operation not permitted`. */
  readDenied: boolean;
}

const MAX_EXAMPLES = 3;
const MAX_KEYS = 20;
const MAX_MESSAGE = 1000;
const TABLE_FULL = /\b(?:nf|ip)_conntrack: (?:nf_conntrack: )?table full, dropping packet/;
const PACKET_LOG = /(?:^|\s)IN=\S* OUT=\S*.*\sSRC=\S+ DST=\S+/;
const IPVS_NO_DEST = /IPVS: (?:[\w()]+: )?(?:(TCP|UDP|SCTP) (\S+) - )?no destination available/;
const SUPPRESSED = /^([\w.-]+): (\d+) callbacks? suppressed/;

/** The class of one kernel message, if netcheck counts it. */
export function kernelMessageClass(message: string): KernelMessageClass | undefined {
  if (TABLE_FULL.test(message)) return 'conntrack-table-full';
  if (message.includes('no destination available') && IPVS_NO_DEST.test(message)) return 'ipvs-no-destination';
  if (/neighbou?r table overflow/i.test(message)) return 'neighbour-overflow';
  if (/^nf_ct_[\w]+: .*invalid|^nf_ct_proto_\d+: /.test(message)) return 'conntrack-invalid';
  if (PACKET_LOG.test(message)) return 'packet-log';
  if (/conntrack: expectation table full/.test(message)) return 'conntrack-expect-full';
  if (/nf_conntrack: falling back to vmalloc/.test(message)) return 'conntrack-vmalloc';
  if (/conntrack: generic helper won't handle protocol/.test(message)) return 'conntrack-generic-helper';
  if (/^TCP: time wait bucket table overflow/.test(message)) return 'tcp-tw-overflow';
  if (/^TCP: out of memory|^(?:TCP: )?Out of socket memory/.test(message)) return 'tcp-out-of-memory';
  if (/^TCP: too many orphaned sockets/.test(message)) return 'tcp-orphans';
  if (/[Pp]ossible SYN flooding on port [\d:.[\]a-f]+\. (?:Sending cookies|Dropping request)/.test(message)) {
    return 'tcp-syn-flood';
  }
  return undefined;
}

/** Text that only the kernel prints, even without a prefix (a bare message pasted alone). */
function bareKernelMessage(line: string): boolean {
  const text = line.trimStart();
  if (SUPPRESSED.test(text)) return true;
  if (PACKET_LOG.test(text)) return true;
  const cls = kernelMessageClass(text);
  return (
    cls !== undefined && cls !== 'packet-log' && /^(?:nf_conntrack|ip_conntrack|IPVS|neighbour|nf_ct_|TCP:)/.test(text)
  );
}

/** A kernel line quoted inside prose ("dmesg has: `[79049.98] IPVS: ...`"), when its message is one netcheck knows. */
function embedded(line: string): KernelLine | undefined {
  const at = line.search(/ kernel: |\[\s*\d+\.\d+(?:@\d+)?\] /);
  if (at <= 0) return undefined;
  const read = readKernelLine(line.slice(at).replace(/`.*$/, ''));
  return read && (kernelMessageClass(read.message) || SUPPRESSED.test(read.message)) ? read : undefined;
}

/** Cheap gate: lines that cannot be kernel log lines are rejected before any of the regexes below run. */
const MAYBE_START =
  /^(?:[[<]|kern|user|mail|daemon|auth|syslog|lpr|news|[A-Z][a-z]{2} |\d{4}-\d\d-\d\dT|\S+ kernel: |kernel: |nf_|ip_conntrack|IPVS|neighbour|TCP: |[\w.-]+: \d+ callbacks|dmesg: |-- |dropping packet|ll header: )/;
const KEYWORDS = /conntrack|IPVS|neighbo|OUT=|TCP: |callbacks/;

function classify(line: string): LineScore {
  const t = line.trim();
  if (t === '') return 0;
  if (
    !MAYBE_START.test(t) &&
    !(t.includes(' kernel: ') || (t.includes('] ') && KEYWORDS.test(t)) || t.includes(' OUT='))
  ) {
    return 0;
  }
  const read = readKernelLine(t);
  if (read) {
    // A bare "kernel: " (a cut syslog line, or prose) counts only with a time or a message netcheck knows.
    if (read.stamp || kernelMessageClass(read.message)) return 2;
  }
  if (embedded(t)) return 2;
  if (bareKernelMessage(t)) return 2;
  if (t.startsWith('dmesg: read kernel buffer failed')) return 2;
  if (/^-- (?:Logs begin at|Journal begins at|No entries|Boot [0-9a-f]+) /.test(t) || t === '-- No entries --')
    return 1;
  if (/^dropping packet\.?$/.test(t) || t.startsWith('ll header: ')) return 1;
  return 0;
}

function emptyLog(): KernelLog {
  return {
    messages: 0,
    classes: {},
    ipvsServices: {},
    packetLogPrefixes: {},
    neighbourTables: [],
    suppressedElsewhere: 0,
    readDenied: false,
  };
}

function bump(map: Record<string, number>, key: string): void {
  if (key in map || Object.keys(map).length < MAX_KEYS) map[key] = (map[key] ?? 0) + 1;
}

/** Counts messages into one KernelLog, tying `callbacks suppressed` counts to the message class next to them. */
function createCounter() {
  const value = emptyLog();
  let suppressed = 0;
  let previous: KernelMessageClass | undefined;
  const stat = (cls: KernelMessageClass): KernelMessageStat => {
    const s = value.classes[cls] ?? { count: 0, suppressed: 0, examples: [] };
    value.classes[cls] = s;
    return s;
  };
  const settle = (target: KernelMessageClass | undefined): void => {
    if (suppressed > 0 && target) stat(target).suppressed += suppressed;
    else value.suppressedElsewhere += suppressed;
    suppressed = 0;
  };
  return {
    value,
    commit(line: string, read: KernelLine): void {
      value.messages++;
      const message = read.message.trim();
      const sup = SUPPRESSED.exec(message);
      if (sup) {
        settle(undefined);
        suppressed = Number(sup[2]);
        return;
      }
      const cls = kernelMessageClass(message);
      settle(cls ?? previous);
      previous = cls;
      const loaded = /^nf_conntrack version [\d.]+ \((\d+) buckets, (\d+) max\)/.exec(message);
      if (loaded) value.conntrackAtLoad = { buckets: Number(loaded[1]), max: Number(loaded[2]) };
      if (!cls) return;
      const s = stat(cls);
      s.count++;
      if (s.examples.length < MAX_EXAMPLES) s.examples.push(line.trim().slice(0, 300));
      const stamp = read.stamp;
      if (stamp) {
        if (s.first === undefined) {
          s.first = stamp.display;
          s.clock = stamp.clock;
          s.firstSeconds = stamp.seconds;
        }
        s.last = stamp.display;
        if (stamp.clock === s.clock && stamp.seconds !== undefined) s.lastSeconds = stamp.seconds;
      }
      if (cls === 'ipvs-no-destination') {
        const m = IPVS_NO_DEST.exec(message);
        bump(value.ipvsServices, m?.[1] ? `${m[1]} ${m[2]}` : 'unknown service');
      } else if (cls === 'packet-log') {
        const prefix = message.slice(0, message.search(/(?:^|\s)IN=/)).trim();
        bump(value.packetLogPrefixes, prefix || '(no prefix)');
      } else if (cls === 'neighbour-overflow') {
        const table = /(\w+_cache)/.exec(message)?.[1] ?? 'neighbour table';
        if (!value.neighbourTables.includes(table)) value.neighbourTables.push(table);
      }
    },
    end(): KernelLog {
      settle(previous);
      return value;
    },
  };
}

export const kernelLogParser = lineParser<KernelLog>({
  kind: 'kernel-log',
  command:
    /^(?:dmesg|journalctl\b.*(?:\s-k\b|--dmesg|\s-t\s+kernel|_TRANSPORT=kernel)|(?:cat|tail|grep|less|zgrep)\b.*\/var\/log\/(?:kern|messages|syslog|dmesg))/,
  classify,
  read(notes) {
    // Messages without any prefix (`journalctl -o cat`, a message quoted alone) count only when the block has no
    // prefixed ones: next to a real log they are the same message quoted in prose.
    const counter = createCounter();
    const bare = createCounter();
    let pending: { line: string; read: KernelLine; bare: boolean } | undefined;
    let readDenied = false;
    const flush = (): void => {
      if (pending) (pending.bare ? bare : counter).commit(pending.line, pending.read);
      pending = undefined;
    };
    return {
      push(raw) {
        const line = raw.trim();
        if (line === '' || line.startsWith('-- ')) return;
        if (line.startsWith('dmesg: read kernel buffer failed')) {
          readDenied = true;
          notes.add(`${line} (run as root, or set kernel.dmesg_restrict=0)`);
          return;
        }
        const read = readKernelLine(line) ?? embedded(line);
        if (read || bareKernelMessage(line)) {
          flush();
          pending = { line, read: read ?? { message: line }, bare: !read };
          return;
        }
        // A message wrapped by the terminal or the chat: the tail continues the message above, unless that message
        // was already complete.
        const open = pending && !kernelMessageClass(pending.read.message);
        if (pending && open && pending.read.message.length + line.length < MAX_MESSAGE) {
          const message = `${pending.read.message} ${line}`;
          pending = { ...pending, line: `${pending.line} ${line}`, read: { ...pending.read, message } };
          return;
        }
        notes.skip('not a kernel log line', line);
      },
      end() {
        flush();
        const prefixed = counter.end();
        const loose = bare.end();
        let value = prefixed;
        if (prefixed.messages === 0) value = loose;
        else if (loose.messages > 0) notes.add(`${loose.messages} message(s) without a kernel log prefix ignored`);
        value.readDenied = readDenied;
        return value;
      },
    };
  },
});
