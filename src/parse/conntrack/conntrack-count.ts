// The parser of the conntrack table's sizes (count, max, hash buckets): the collector's counters, pasted /proc reads.
import type { LineScore } from '../parser.js';
import { lineParser } from '../shared/line-parser.js';

export type ConntrackCountKey = 'count' | 'max' | 'buckets';

/** Sizes of the conntrack table. When a value was printed several times, the last one is current. */
export interface ConntrackCountValue {
  count?: number;
  max?: number;
  buckets?: number;
  /** Every count read, in order (bounded): two of them show a trend. */
  counts: number[];
  /** Where the values came from: `/proc/sys/net/netfilter`, a legacy path, `conntrack -C`, `collector`... */
  via: string[];
  /** Tool or shell errors (`cat: ...: No such file or directory`, `conntrack v1.4.6 ...: Operation failed`). */
  errors: string[];
}

const MAX_COUNTS = 16;

/** `nf_conntrack_count`, `ip_conntrack_max`, `nf_conntrack_{count,max}`, module `hashsize`, in command order. */
const NAME = /(?:nf|ip)_conntrack_(count|max|buckets)\b|(?:nf|ip)_conntrack_\{([\w,]+)\}|\/parameters\/(hashsize)\b/g;

function keyOf(name: string): ConntrackCountKey | undefined {
  if (name === 'count' || name === 'max' || name === 'buckets') return name;
  if (name === 'hashsize') return 'buckets';
  return undefined;
}

/** The keys a command prints, one bare number each, in order. */
export function keysOfCommand(command: string): ConntrackCountKey[] {
  if (/^conntrack\s+(?:-C|--count)\b/.test(command) || /\|\s*wc\s+-l\s*$/.test(command)) return ['count'];
  const keys: ConntrackCountKey[] = [];
  for (const m of command.matchAll(NAME)) {
    for (const name of (m[1] ?? m[3] ?? m[2] ?? '').split(',')) {
      const key = keyOf(name);
      if (key) keys.push(key);
    }
  }
  return keys;
}

/** `cat /proc/sys/net/netfilter/nf_conntrack_max` pasted without a prompt. */
const BARE_COMMAND =
  /^\s*(?:\S*[#$%>]\s*)?(?:sudo\s+)?(?:cat|head|tail)\s+\S*(?:(?:nf|ip)_conntrack_(?:count|max|buckets|\{)|parameters\/hashsize)/;
/** `nf_conntrack_count=12`, `/proc/sys/net/netfilter/nf_conntrack_max:262144` (grep . output). */
const KEYED =
  /^\s*(?:\/proc\/sys\/net\/(?:ipv4\/)?(?:netfilter\/)?|\/sys\/module\/nf_conntrack\/parameters\/)?(?:(?:nf|ip)_conntrack_(count|max|buckets)|(hashsize))\s*[=:]\s*(\d+)\s*$/;
/** `==> /proc/sys/net/netfilter/nf_conntrack_count <==` (head/tail of several files). */
const HEAD_BANNER = /^==> \S*?(?:(?:nf|ip)_conntrack_(count|max|buckets)|(hashsize)) <==$/;
/** `1234 /proc/net/nf_conntrack` (wc -l). */
const WC_LINE = /^\s*(\d+)\s+\/proc\/net\/(?:nf|ip)_conntrack\s*$/;
const CAT_ERROR = /^(?:cat|head|tail|sysctl): .*(?:nf|ip)_conntrack_(?:count|max|buckets).*: /;
const TOOL_LINE = /^conntrack v\d[\d.]* \(conntrack-tools\): /;
const NUMBER = /^\s*(\d+)\s*$/;

/** The collector's `source=` names: `proc-netfilter` (/proc/sys/net/netfilter/nf_conntrack_*), `legacy-ip-conntrack`. */
function sourceVia(source: string): string {
  if (source === 'proc-netfilter') return '/proc/sys/net/netfilter';
  if (source === 'legacy-ip-conntrack') return 'legacy /proc path';
  return 'collector';
}

function classify(line: string): LineScore {
  if (line.indexOf('conntrack') < 0 && line.indexOf('hashsize') < 0) return NUMBER.test(line) ? 1 : 0;
  if (KEYED.test(line) || HEAD_BANNER.test(line) || WC_LINE.test(line) || CAT_ERROR.test(line)) return 2;
  if (BARE_COMMAND.test(line)) return 2;
  // Tool lines (errors, and the `conntrack -L` trailer on stderr before a `| wc -l` count) continue a block.
  if (TOOL_LINE.test(line)) return 1;
  return 0;
}

/** `nf_conntrack_count`/`_max`/`_buckets` from /proc (modern and legacy paths), `conntrack -C`, collector lines. */
export const conntrackCountParser = lineParser<ConntrackCountValue>({
  kind: 'conntrack-count',
  command:
    /^(?:(?:cat|head|tail|more|less|grep\s+(?:-\S+\s+)*\S+)\s+.*(?:(?:nf|ip)_conntrack_(?:count|max|buckets|\{)|parameters\/hashsize)|conntrack\s+(?:-C|--count)\b|(?:conntrack\s+-L|cat\s+\/proc\/net\/(?:nf|ip)_conntrack)\b.*\|\s*wc\s+-l\s*$|wc\s+-l\s+\/proc\/net\/(?:nf|ip)_conntrack\b)/,
  classify,
  read(notes, context) {
    const value: ConntrackCountValue = { counts: [], via: [], errors: [] };
    let queue: ConntrackCountKey[] = [];
    let next = 0;
    const viaOf = (text: string): string => {
      if (/^conntrack\s+(?:-C|--count)/.test(text)) return 'conntrack -C';
      if (/wc\s+-l/.test(text)) return 'entries listed';
      if (/ip_conntrack_|\/net\/nf_conntrack_/.test(text)) return 'legacy /proc path';
      return '/proc/sys/net/netfilter';
    };
    const addVia = (via: string) => {
      if (!value.via.includes(via)) value.via.push(via);
    };
    const set = (key: ConntrackCountKey, n: number): void => {
      value[key] = n;
      if (key === 'count' && value.counts.length < MAX_COUNTS) value.counts.push(n);
    };
    // In a collector report the section's `cmd=` describes the reads in words (it names the legacy
    // `ip_conntrack_*` files as the fallback it is), and the body's `source=` line says which files were read:
    // there, where the values came from is taken from `source=` only.
    const collector = context.section !== undefined;
    const expect = (command: string): void => {
      queue = keysOfCommand(command);
      next = 0;
      if (queue.length > 0 && !collector) addVia(viaOf(command));
    };
    if (context.command) expect(context.command);

    return {
      push(line) {
        const text = line.trim();
        if (text === '') return;
        const number = NUMBER.exec(text);
        if (number) {
          // A repeated command (`watch`, two samples) starts the list of files again.
          if (next >= queue.length && queue.length > 0 && queue.every((k) => k === queue[0])) next = 0;
          const key = queue[next];
          if (!key) {
            notes.skip('a number without a file name to tell what it is', text);
            return;
          }
          next++;
          set(key, Number(number[1]));
          return;
        }
        const keyed = KEYED.exec(text);
        if (keyed) {
          const key = keyOf(keyed[1] ?? keyed[2] ?? '');
          if (key) set(key, Number(keyed[3]));
          if (!collector) addVia(viaOf(text));
          return;
        }
        const banner = HEAD_BANNER.exec(text);
        if (banner) {
          const key = keyOf(banner[1] ?? banner[2] ?? '');
          queue = key ? [key] : [];
          next = 0;
          addVia(viaOf(text));
          return;
        }
        const wc = WC_LINE.exec(text);
        if (wc) {
          set('count', Number(wc[1]));
          addVia('entries listed');
          return;
        }
        const meta = /^(source|unavailable)=(\S*)$/.exec(text);
        if (meta) {
          // `source=proc-netfilter`, or several paths in the order count, max, buckets were read.
          if (meta[1] === 'source') for (const source of meta[2]?.split(',') ?? []) addVia(sourceVia(source));
          else if (value.errors.length < 5) value.errors.push(`unavailable: ${meta[2]}`);
          return;
        }
        if (BARE_COMMAND.test(text)) {
          expect(text);
          return;
        }
        if (TOOL_LINE.test(text) && text.includes('flow entries have been shown')) return;
        if (CAT_ERROR.test(text) || TOOL_LINE.test(text)) {
          if (value.errors.length < 5) value.errors.push(text);
          return;
        }
        notes.skip('not a conntrack size value', text);
      },
      end() {
        const read = value.count !== undefined || value.max !== undefined || value.buckets !== undefined;
        if (collector && read && value.via.length === 0) addVia('collector');
        return value;
      },
    };
  },
});
