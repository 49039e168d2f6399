import { createNoteCollector } from '../notes.js';
import type { LineScore, Parser } from '../parser.js';
import { type ConntrackBreakdown, createTopCounter, TOP_N, type TopEntry } from './conntrack-breakdown.js';

export type { ConntrackBreakdown, TopEntry } from './conntrack-breakdown.js';

/** A remaining timeout above one day: only possible when the established timeout exceeds kube-proxy's 86400 s. */
export const LONG_TIMEOUT_MIN = 86401;

/** Index of the first space at or after `from` (or the line's length); tabs are replaced before. */
function endOf(line: string, from: number): number {
  const e = line.indexOf(' ', from);
  return e < 0 ? line.length : e;
}

/** Where the digits read by the last `intAt` end. */
let digitsEnd = 0;
function intAt(line: string, from: number): number {
  let n = 0;
  let i = from;
  for (let c = line.charCodeAt(i); c >= 48 && c <= 57; c = line.charCodeAt(++i)) n = n * 10 + c - 48;
  digitsEnd = i;
  return i === from ? -1 : n;
}

function skipSpaces(line: string, from: number): number {
  let i = from;
  for (let c = line.charCodeAt(i); c === 32 || c === 9; c = line.charCodeAt(++i)) {}
  return i;
}

/** FNV-1a of `line[from, to)` mixed into `seed`. */
function hashRange(line: string, from: number, to: number, seed: number): number {
  let h = seed;
  for (let i = from; i < to; i++) h = Math.imul(h ^ line.charCodeAt(i), 0x01000193);
  return h;
}

function sameRange(line: string, a: number, aEnd: number, b: number, bEnd: number): boolean {
  if (aEnd - a !== bEnd - b) return false;
  for (let i = 0; i < aEnd - a; i++) if (line.charCodeAt(a + i) !== line.charCodeAt(b + i)) return false;
  return true;
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

const TCP_STATES = [
  'ESTABLISHED',
  'TIME_WAIT',
  'SYN_SENT',
  'SYN_RECV',
  'FIN_WAIT',
  'CLOSE_WAIT',
  'LAST_ACK',
  'CLOSE',
  'LISTEN',
  'SYN_SENT2',
  'NONE',
] as const;
const NONE_STATE = 10;

/** Index of a TCP state name in `TCP_STATES` from its length and letters, or -1 (then the name is read). */
function stateIndex(line: string, at: number, length: number): number {
  let i = -1;
  switch (line.charCodeAt(at)) {
    case 69 /* E */:
      i = 0;
      break;
    case 84 /* T */:
      i = 1;
      break;
    case 83 /* S */:
      i = length === 9 ? 9 : line.charCodeAt(at + 4) === 83 ? 2 : 3;
      break;
    case 70 /* F */:
      i = 4;
      break;
    case 67 /* C */:
      i = length === 5 ? 7 : 5;
      break;
    case 76 /* L */:
      i = length === 6 ? 8 : 6;
      break;
    case 78 /* N */:
      i = 10;
      break;
  }
  // The kernel's TCP state names differ in length or first letters: length and letters identify them.
  return i >= 0 && TCP_STATES[i]!.length === length ? i : -1;
}

/** Distinct rare names kept (unknown protocols, states); the rest are counted as `other`. */
const MAX_NAMES = 32;

function countName(counts: Map<string, number>, name: string): void {
  const key = counts.has(name) || counts.size < MAX_NAMES ? name : 'other';
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

const SHOWN = /\(conntrack-tools\): (\d+) flow entries have been shown/;

/** Aggregates `conntrack -L` / `/proc/net/nf_conntrack` lines as they stream by; `push` returns false for other lines. */
export function createConntrackBreakdown() {
  let total = 0;
  let unreplied = 0;
  let assured = 0;
  let udpUnreplied = 0;
  let longTimeout = 0;
  let maxTimeout = 0;
  let shown: number | undefined;
  let dnatEntries = 0;
  let tcp = 0;
  let udp = 0;
  const otherProtos = new Map<string, number>();
  const stateHits = new Float64Array(TCP_STATES.length);
  const otherStates = new Map<string, number>();
  const udpPorts = new Int32Array(65536);
  const dnat = createTopCounter();
  const udpDnat = createTopCounter();

  return {
    push(raw: string): boolean {
      const line = raw.indexOf('\t') < 0 ? raw : raw.replace(/\t/g, ' ');
      let p = line.charCodeAt(0) === 32 ? skipSpaces(line, 0) : 0;
      if (line.charCodeAt(p) === 105 /* i */ && line.startsWith('ipv', p)) {
        p = skipSpaces(line, endOf(line, skipSpaces(line, endOf(line, p))));
      }
      const protoEnd = endOf(line, p);
      const numAt = skipSpaces(line, protoEnd);
      const numeric = intAt(line, numAt) >= 0;
      const timeoutAt = skipSpaces(line, digitsEnd);
      const timeout = numeric ? intAt(line, timeoutAt) : -1;
      const timeoutEnd = digitsEnd;
      const src = timeout < 0 ? -1 : line.indexOf('src=', timeoutEnd);
      if (src < 0) {
        const m = line.includes('flow entries have been shown') ? SHOWN.exec(line) : null;
        if (m) shown = Number(m[1]);
        return m !== null;
      }
      const isTcp = protoEnd - p === 3 && line.startsWith('tcp', p);
      const isUdp = !isTcp && protoEnd - p === 3 && line.startsWith('udp', p);
      if (isTcp) tcp++;
      else if (isUdp) udp++;
      else {
        countName(otherProtos, line.slice(p, protoEnd));
      }
      total++;
      if (timeout >= LONG_TIMEOUT_MIN) longTimeout++;
      if (timeout > maxTimeout) maxTimeout = timeout;
      if (isTcp) {
        const stateAt = skipSpaces(line, timeoutEnd);
        const stateEnd = stateAt < src ? endOf(line, stateAt) : stateAt;
        const known = stateAt < src ? stateIndex(line, stateAt, stateEnd - stateAt) : NONE_STATE;
        if (known >= 0) stateHits[known]!++;
        else {
          countName(otherStates, line.slice(stateAt, stateEnd));
        }
      }
      // The reply tuple starts at the second `src=`; `[UNREPLIED]` stands right before it.
      const dst = line.indexOf(' dst=', src);
      if (dst < 0) return true;
      const dportAt = line.indexOf(' dport=', dst);
      const reply = line.indexOf(' src=', dportAt < 0 ? dst : dportAt);
      if (reply < 0) return true;
      const isUnreplied = line.charCodeAt(reply - 1) === 93 /* ] */ && line.startsWith('[UNREPLIED]', reply - 11);
      if (isUnreplied) unreplied++;
      const sportAt = line.indexOf(' sport=', reply);
      const sport = sportAt < 0 ? -1 : intAt(line, sportAt + 7);
      const replyDport = sportAt < 0 ? -1 : line.indexOf(' dport=', sportAt);
      let after = reply;
      if (replyDport >= 0) {
        intAt(line, replyDport + 7);
        after = digitsEnd;
      }
      // ` mark=` right after the tuple: no flags. Otherwise `[ASSURED]` follows, maybe after packets=/bytes=.
      if (line.startsWith(' [ASSURED]', after)) assured++;
      else if (line.charCodeAt(after + 1) !== 109 /* m */ && line.indexOf('[ASSURED]', after) >= 0) assured++;
      const dport = dportAt < 0 || dportAt > reply ? -1 : intAt(line, dportAt + 7);
      if (dport < 0) return true;
      if (isUdp && isUnreplied) {
        udpUnreplied++;
        if (dport < 65536) udpPorts[dport]!++;
      }
      const dstEnd = endOf(line, dst + 5);
      const replyEnd = endOf(line, reply + 5);
      if (dport === sport && sameRange(line, dst + 5, dstEnd, reply + 5, replyEnd)) return true;
      dnatEntries++;
      const udpStale = isUdp && isUnreplied;
      const takeA = dnat.take();
      const takeB = udpStale && udpDnat.take();
      if (!takeA && !takeB) return true;
      const dstHash = hashRange(line, dst + 5, dstEnd, 0x811c9dc5 ^ dport);
      const hash = hashRange(line, reply + 5, replyEnd, Math.imul(dstHash, 0x85ebca6b) ^ sport);
      const wantA = takeA && dnat.wants(hash);
      const wantB = takeB && udpDnat.wants(hash);
      if (wantA || wantB) {
        const key = `${hostPort(line.slice(dst + 5, dstEnd), dport)}>${hostPort(line.slice(reply + 5, replyEnd), sport)}`;
        if (wantA) dnat.add(hash, key);
        if (wantB) udpDnat.add(hash, key);
      }
      return true;
    },
    result(): ConntrackBreakdown {
      const ports: TopEntry[] = [];
      for (let port = 0; port < 65536; port++)
        if (udpPorts[port]! > 0) ports.push({ key: String(port), count: udpPorts[port]! });
      ports.sort((a, b) => b.count - a.count || Number(a.key) - Number(b.key));
      const byProto: Record<string, number> = {};
      if (tcp > 0) byProto.tcp = tcp;
      if (udp > 0) byProto.udp = udp;
      for (const [name, n] of otherProtos) byProto[name] = n;
      const byState: Record<string, number> = {};
      TCP_STATES.forEach((name, i) => {
        if (stateHits[i]! > 0) byState[name] = stateHits[i]!;
      });
      for (const [name, n] of otherStates) byState[name] = (byState[name] ?? 0) + n;
      const out: ConntrackBreakdown = {
        total,
        byProto,
        byState,
        unreplied,
        assured,
        udpUnreplied,
        udpUnrepliedDport: ports.slice(0, TOP_N),
        dnat: dnat.top(),
        udpUnrepliedDnat: udpDnat.top(),
        longTimeout,
        longTimeoutMin: LONG_TIMEOUT_MIN,
        maxTimeout,
        dnatEntries,
        approximate: dnat.approximate || udpDnat.approximate,
      };
      if (shown !== undefined) out.shown = shown;
      return out;
    },
  };
}

const PROTOS = new Set(['tcp', 'udp', 'icmp', 'icmpv6', 'sctp', 'dccp', 'gre', 'udplite', 'unknown']);

function classify(line: string): LineScore {
  const src = line.indexOf('src=');
  if (src < 0) return line.includes('flow entries have been shown') && SHOWN.test(line) ? 2 : 0;
  let p = skipSpaces(line, 0);
  if (line.startsWith('ipv4 ', p) || line.startsWith('ipv6 ', p)) {
    p = skipSpaces(line, endOf(line, p));
    if (intAt(line, p) < 0) return 0;
    p = skipSpaces(line, endOf(line, p));
  }
  const end = endOf(line, p);
  const common = end - p === 3 && (line.startsWith('tcp', p) || line.startsWith('udp', p));
  if (common || PROTOS.has(line.slice(p, end)))
    return intAt(line, skipSpaces(line, end)) >= 0 && line.includes(' dst=') ? 2 : 0;
  // A line cut at its start (`6 46 TIME_WAIT src=...`) still continues a listing.
  return intAt(line, p) >= 0 && line.includes(' dst=') && line.includes(' sport=') ? 1 : 0;
}

/** `conntrack -L` (any `-o` format), `/proc/net/nf_conntrack`: streamed into a `ConntrackBreakdown`. */
export const conntrackListParser: Parser<ConntrackBreakdown> = {
  kind: 'conntrack-list',
  command:
    /^(?:conntrack\s+(?:-\S*L\b|--dump\b)|(?:cat|head|tail|more|less|grep\b.*?)\s+(?:\S+\s+)*\/proc\/(?:self\/)?net\/(?:nf|ip)_conntrack\b)/,
  classify,
  create() {
    const notes = createNoteCollector();
    const breakdown = createConntrackBreakdown();
    return {
      push(line) {
        if (breakdown.push(line)) return;
        const text = line.trim();
        if (text === '' || text === '...') return;
        if (text.startsWith('conntrack v')) {
          notes.add(text.length > 160 ? `${text.slice(0, 160)}...` : text);
          return;
        }
        notes.skip('not a conntrack entry (cut off or other text)', text);
      },
      end() {
        return { value: breakdown.result(), notes: notes.list() };
      },
    };
  },
};
