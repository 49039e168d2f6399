// The parser of `cilium-dbg bpf ct list global` (`cilium bpf ct list global`): the BPF connection tracking entries,
// counted (never kept), or the count a `| wc -l` printed.
import type { LineScore } from '../parser.js';
import { lineParser } from '../shared/line-parser.js';
import { trimPasted } from '../shared/strip-backticks.js';

export interface CiliumCtList {
  /** Entries read (or the count `wc -l` printed). */
  entries: number;
  tcp: number;
  /** UDP, ICMP, ICMPv6 and other non-TCP entries: the non-TCP map. */
  nonTcp: number;
  /** Service (`SVC`, or `service`-marked) entries. */
  service: number;
  /** TCP entries whose flags say both directions are closing. */
  closing: number;
  /** The count came from `wc -l`, not from the entries themselves. */
  counted: boolean;
  /** `Error: Unable to open /sys/fs/bpf/...` lines (the map does not exist: IPv6 off, or another agent version). */
  errors: string[];
}

const ENTRY = /^(TCP|UDP|ICMP|ICMPv6|ANY|SCTP|GRE|ESP)\s+(IN|OUT|SVC)\s+\S+\s+->\s+\S+\s.*\bexpires=\d+/;

function classify(line: string): LineScore {
  const text = trimPasted(line);
  if (ENTRY.test(text)) return 2;
  if (/^Error: Unable to (?:open|get object) \/sys\/fs\/bpf\/tc\/globals\/cilium_ct/.test(text)) return 2;
  return 0;
}

export const ciliumCtListParser = lineParser<CiliumCtList>({
  kind: 'cilium-ct-list',
  command: /^(?:kubectl\b.*\bexec\b.*\s)?cilium(?:-dbg)?\s+bpf\s+ct\s+list\b/,
  classify,
  read(notes, context) {
    const value: CiliumCtList = { entries: 0, tcp: 0, nonTcp: 0, service: 0, closing: 0, counted: false, errors: [] };
    const wc = /\|\s*wc\s+-l\b/.test(context.command ?? '');
    return {
      push(raw) {
        const text = trimPasted(raw);
        if (text === '') return;
        const m = ENTRY.exec(text);
        if (m) {
          value.entries++;
          if (m[1] === 'TCP') {
            value.tcp++;
            if (/RxClosing/.test(text) && /TxClosing/.test(text)) value.closing++;
          } else value.nonTcp++;
          if (m[2] === 'SVC' || / service expires=/.test(text)) value.service++;
          return;
        }
        if (wc && /^\d+$/.test(text)) {
          value.entries += Number(text);
          value.counted = true;
          return;
        }
        if (/^Error: /.test(text)) {
          if (value.errors.length < 4) value.errors.push(text.slice(0, 200));
          return;
        }
        notes.skip('not a BPF conntrack entry', raw);
      },
      end() {
        return value;
      },
    };
  },
});
