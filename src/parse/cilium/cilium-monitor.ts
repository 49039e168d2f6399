// The parser of `cilium-dbg monitor --type drop` (and older `cilium monitor`): drop events by reason and endpoints.
import type { LineScore } from '../parser.js';
import { lineParser } from '../shared/line-parser.js';
import { trimPasted } from '../shared/strip-backticks.js';
import { createDropTally, type DropTally } from './drop-tally.js';
import { endpointPair } from './endpoint-pair.js';

/** A reason in parentheses, which may itself hold one level of parentheses (`Policy denied (L3)`). */
const REASON = String.raw`\(((?:[^()]|\([^()]*\))+)\)`;
/** `xx drop (Policy denied) flow 0x0 to endpoint 0, ... identity 1->2: 10.0.0.1:1234 -> 10.0.0.2:80 tcp SYN` */
const DROP = new RegExp(String.raw`(?:^|[\s>:])drop ${REASON}(.*)$`);
/** `CPU 01: MARK 0x0 FROM 3107 DROP: 98 bytes, reason Policy denied (L3), to ifindex 0, identity 257->0` */
const DROP_VERBOSE = /\bDROP: \d+ bytes, reason ((?:[^(),]|\([^()]*\))+)/;
/** `drop: Policy denied (L3) ( 10.10.1.209:58903) => (kube-system/coredns-x 10.10.1.182:53)` (monitor.log) */
const DROP_LOG = /\bdrop: (.+?) \(\s*(?:\S+ )?(\S+)\) => \((?:\S+ )?(\S+)\)\s*$/;
/** `drop [ifindex 397 / endpoint 38061] (Policy denied)` (the first monitor format). */
const DROP_OLD = /\bdrop \[[^\]]*\] \(((?:[^()]|\([^()]*\))+)\)/;
const FLOW_ENDS = /: (\S+) -> (\S+)(?: (\w+))?/;
/** `-> endpoint 3166 flow 0x0 , identity 30166->11362 state reply ...`: a trace event (forwarded). */
const TRACE = /^(?:->|>>) (?:endpoint \d+|stack|network|overlay|host|proxy|cilium_\w+)\b.*\bflow 0x[0-9a-f]+/;
const HEADER = /^(?:Listening for events on \d+ CPUs with \d+x\d+ of shared memory|Press Ctrl-C to quit)/;
const CONTINUES =
  /^(?:-{10,}|(?:Ethernet|IPv4|IPv6|TCP|UDP|ICMPv4|ICMPv6|ARP)\s+\{|CPU \d+:|(?:xx|->|>>|<-) |Policy verdict log:|level=\w+ msg=.*subsys=(?:monitor|hubble))/;

function isDrop(text: string): boolean {
  return DROP.test(text) || DROP_VERBOSE.test(text) || DROP_LOG.test(text) || DROP_OLD.test(text);
}

function classify(line: string): LineScore {
  const text = trimPasted(line);
  if (text === '' || text.startsWith('{')) return 0;
  if (TRACE.test(text)) return 2;
  if (!/drop|DROP|Listening|Press Ctrl/.test(text)) return CONTINUES.test(text) ? 1 : 0;
  if (HEADER.test(text)) return 2;
  if (/(?:^|\s)level=\w+ /.test(text) && !/subsys=(?:monitor|hubble)/.test(text)) return 0;
  return isDrop(text) ? 2 : CONTINUES.test(text) ? 1 : 0;
}

export interface CiliumMonitor extends DropTally {
  /** Trace and policy-verdict lines read (not drops). */
  traces: number;
}

export const ciliumMonitorParser = lineParser<CiliumMonitor>({
  kind: 'cilium-monitor',
  command: /^(?:kubectl\b.*\bexec\b.*\s)?cilium(?:-dbg)?\s+monitor\b/,
  classify,
  read(notes) {
    const tally = createDropTally();
    let traces = 0;
    return {
      push(raw) {
        const text = trimPasted(raw);
        if (text === '' || HEADER.test(text)) return;
        const d = DROP.exec(text);
        if (d) {
          const ends = FLOW_ENDS.exec(d[2]!);
          tally.drop(d[1]!, ends ? endpointPair(ends[1]!, '->', ends[2]!) : undefined, text);
          return;
        }
        const v = DROP_VERBOSE.exec(text);
        if (v) {
          tally.drop(v[1]!.trim(), undefined, text);
          return;
        }
        const l = DROP_LOG.exec(text);
        if (l) {
          tally.drop(l[1]!, endpointPair(l[2]!, '->', l[3]!), text);
          return;
        }
        const o = DROP_OLD.exec(text);
        if (o) {
          tally.drop(o[1]!, undefined, text);
          return;
        }
        if (CONTINUES.test(text)) {
          if (/^(?:->|>>|<-) |Policy verdict log:/.test(text)) traces++;
          return;
        }
        notes.skip('not a cilium monitor event', raw);
      },
      end() {
        return { ...tally.result(), traces };
      },
    };
  },
});
