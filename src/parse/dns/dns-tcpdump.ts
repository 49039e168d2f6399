// The parser of tcpdump DNS traces: each query (client, port, id, type, name) with the times it was sent and the
// time and code of its first answer; ICMP "udp port 53 unreachable" counted.
import type { LineScore } from '../parser.js';
import { lineParser } from '../shared/line-parser.js';
import { pushBounded } from '../shared/push-bounded.js';

/** One DNS question as the trace shows it: every time it was sent and its first answer. */
export interface DnsExchange {
  client: string;
  /** Source ports the question was sent from (a retry may reopen the socket). */
  ports: string[];
  server: string;
  id: number;
  qtype: string;
  name: string;
  /** Times it was sent (seconds of the day or epoch seconds), first 6; empty when the trace has no times. */
  times: number[];
  /** How many times it was sent (also counted without times). */
  sends: number;
  answered: boolean;
  answeredAt?: number;
  /** `NOERROR` or the trace's code (`NXDomain`, `ServFail`, `Refused`...). */
  rcode?: string;
  /** The first query line and the answer line (shortened). */
  lines: string[];
}

export interface DnsTcpdump {
  packets: number;
  exchanges: DnsExchange[];
  omitted: number;
  /** Answers whose question is not in the trace. */
  strayAnswers: number;
  /** Time of the last packet, when the trace has times. */
  lastTime?: number;
  /** `ICMP <server> udp port 53 unreachable`. */
  icmpUnreachable: { count: number; examples: string[] };
}

const MAX_EXCHANGES = 1000;
const TIME = String.raw`(?:(\d{4}-\d\d-\d\d)[ T])?(\d\d:\d\d:\d\d(?:\.\d+)?|\d{9,10}\.\d+)`;
const ENDPOINTS = String.raw`(\S+?)\.(\d+|domain) > (\S+?)\.(\d+|domain):`;
const PACKET = new RegExp(
  String.raw`^(?:${TIME}\s+)?(?:[\w.@-]+\s+(?:In|Out|P|M|B)\s+)?(?:IP6?\s+(?:\([^)]*\)\s+)?)?${ENDPOINTS} (.*)$`,
);
const HEADER_ONLY = new RegExp(String.raw`^${TIME}\s+(?:[\w.@-]+\s+(?:In|Out|P|M|B)\s+)?IP6?\s+\(tos\b.*\)$`);
const QUERY = /^(\d+)[+%*$-]*\s+(?:\[[^\]]*\]\s+)*([A-Z][A-Z0-9]*)\? (\S+)/;
const ANSWER =
  /^(\d+)[*$|-]*(?: q: [A-Z0-9]+\? \S+)?(?: (NXDomain|ServFail|Refused|FormErr|NotImp|YXDomain|NoAuthAnswer|NotAuth)[*$|-]*)?(?: q: [A-Z0-9]+\? \S+)? (\d+)\/(\d+)\/(\d+)\b/;
const ICMP_53 = /ICMP (\S+) udp port (?:53|domain) unreachable/;

function isDnsPort(port: string): boolean {
  return port === '53' || port === 'domain';
}

function secondsOf(date: string | undefined, time: string | undefined): number | undefined {
  if (!time) return undefined;
  if (!time.includes(':')) return Number(time);
  const [h, m, s] = time.split(':');
  const day = date ? Date.parse(`${date}T00:00:00Z`) / 1000 : 0;
  return day + Number(h) * 3600 + Number(m) * 60 + Number(s);
}

/** The DNS payload of a packet line: TCP flags and checksum notes removed. */
function payloadOf(rest: string): string {
  const tcp = /\blength \d+: (.*)$/.exec(rest);
  const text = tcp && /^Flags /.test(rest) ? tcp[1]! : rest;
  return text.replace(/^(?:\[(?:udp sum ok|bad udp cksum[^\]]*|[^\]]*cksum[^\]]*)\]\s*)+/, '');
}

function classify(raw: string): LineScore {
  const line = raw.trim();
  if (line === '') return 0;
  if (line.includes(' > ')) {
    const m = PACKET.exec(line);
    if (m && (isDnsPort(m[4]!) || isDnsPort(m[6]!))) {
      const p = payloadOf(m[7]!);
      if (QUERY.test(p) || ANSWER.test(p)) return 2;
      return 1;
    }
  }
  if (ICMP_53.test(line)) return 2;
  if (HEADER_ONLY.test(line)) return 1;
  if (/^tcpdump: (?:verbose output suppressed|listening on|data link type)|^listening on \S+, link-type/.test(line)) {
    return 2;
  }
  if (/^\d+ packets? (?:captured|received by filter|dropped by kernel)$/.test(line)) return 1;
  return 0;
}

export const dnsTcpdumpParser = lineParser<DnsTcpdump>({
  kind: 'dns-tcpdump',
  command: /^(?:sudo\s+)?(?:tcpdump|tshark|termshark)\b/,
  classify,
  read(notes) {
    const value: DnsTcpdump = {
      packets: 0,
      exchanges: [],
      omitted: 0,
      strayAnswers: 0,
      icmpUnreachable: { count: 0, examples: [] },
    };
    const byQuestion = new Map<string, DnsExchange>();
    const byReply = new Map<string, DnsExchange>();
    let pendingTime: number | undefined;

    const query = (
      at: number | undefined,
      src: string,
      sport: string,
      dst: string,
      q: RegExpExecArray,
      line: string,
    ) => {
      const id = Number(q[1]);
      const key = `${src}|${id}|${q[2]}|${q[3]}`;
      let ex = byQuestion.get(key);
      if (!ex) {
        const fresh: DnsExchange = {
          client: src,
          ports: [],
          server: dst,
          id,
          qtype: q[2]!,
          name: q[3]!,
          times: [],
          sends: 0,
          answered: false,
          lines: [line.slice(0, 200)],
        };
        if (!pushBounded(value, value.exchanges, fresh, MAX_EXCHANGES)) return;
        byQuestion.set(key, fresh);
        ex = fresh;
      }
      ex.sends++;
      if (at !== undefined && ex.times.length < 6) ex.times.push(at);
      if (!ex.ports.includes(sport) && ex.ports.length < 4) ex.ports.push(sport);
      byReply.set(`${src}|${sport}|${id}`, ex);
    };
    const answer = (at: number | undefined, dst: string, dport: string, a: RegExpExecArray, line: string) => {
      const ex = byReply.get(`${dst}|${dport}|${Number(a[1])}`);
      if (!ex) {
        value.strayAnswers++;
        return;
      }
      if (ex.answered) return;
      ex.answered = true;
      if (at !== undefined) ex.answeredAt = at;
      ex.rcode = a[2] ?? 'NOERROR';
      ex.lines.push(line.slice(0, 200));
    };

    return {
      push(raw) {
        const line = raw.trim();
        if (line === '') return;
        const header = HEADER_ONLY.exec(line);
        if (header) {
          pendingTime = secondsOf(header[1], header[2]);
          return;
        }
        const icmp = ICMP_53.exec(line);
        if (icmp) {
          value.icmpUnreachable.count++;
          if (value.icmpUnreachable.examples.length < 3) value.icmpUnreachable.examples.push(line.slice(0, 200));
          return;
        }
        const m = PACKET.exec(line);
        if (!m || !(isDnsPort(m[4]!) || isDnsPort(m[6]!))) {
          if (!/^(?:tcpdump|listening on|\d+ packets?|0x[0-9a-f]{4}:)/.test(line)) notes.skip('not a DNS packet', raw);
          return;
        }
        const at = secondsOf(m[1], m[2]) ?? pendingTime;
        pendingTime = undefined;
        value.packets++;
        if (at !== undefined) value.lastTime = at;
        const payload = payloadOf(m[7]!);
        const [src, sport, dst, dport] = [m[3]!, m[4]!, m[5]!, m[6]!];
        const q = isDnsPort(dport) ? QUERY.exec(payload) : null;
        if (q) {
          query(at, src, sport, dst, q, line);
          return;
        }
        const a = isDnsPort(sport) ? ANSWER.exec(payload) : null;
        if (a) answer(at, dst, dport, a, line);
      },
      end: () => value,
    };
  },
});
