import { createNoteCollector } from '../notes.js';
import type { LineScore, Parser } from '../parser.js';
import { hashRange, sameRange, textOf } from './byte-range.js';
import { type ConntrackBreakdown, createTopCounter, TOP_N, type TopEntry } from './conntrack-breakdown.js';
import {
  assuredFlag,
  dport,
  dst,
  dstEnd,
  protoAt,
  protoEnd,
  reply,
  replyEnd,
  scan,
  scanCommon,
  shaped,
  sport,
  stateAt,
  stateEnd,
  timeout,
  unrepliedFlag,
} from './conntrack-line-scan.js';
import { NONE_STATE, stateIndex, TCP_STATES } from './conntrack-tcp-states.js';

export type { ConntrackBreakdown, TopEntry } from './conntrack-breakdown.js';

/** A remaining timeout above one day: only possible when the established timeout exceeds kube-proxy's 86400 s. */
export const LONG_TIMEOUT_MIN = 86401;

/** Index of the first space at or after `from` (or the line's length). */
function endOf(line: string, from: number): number {
  const e = line.indexOf(' ', from);
  return e < 0 ? line.length : e;
}

/** The number whose digits start at `from`, or -1. */
function intAt(line: string, from: number): number {
  let n = 0;
  let i = from;
  for (let c = line.charCodeAt(i); c >= 48 && c <= 57; c = line.charCodeAt(++i)) n = n * 10 + c - 48;
  return i === from ? -1 : n;
}

function skipSpaces(line: string, from: number): number {
  let i = from;
  for (let c = line.charCodeAt(i); c === 32 || c === 9; c = line.charCodeAt(++i)) {}
  return i;
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Distinct rare names kept (unknown protocols, states); the rest are counted as `other`. */
const MAX_NAMES = 32;

function countName(counts: Map<string, number>, name: string): void {
  const key = counts.has(name) || counts.size < MAX_NAMES ? name : 'other';
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

const SHOWN = /\(conntrack-tools\): (\d+) flow entries have been shown/;
/** Protocol names `conntrack` prints; a well-formed entry (`pushBytes`) names one of them. */
const PROTOS = new Set(['tcp', 'udp', 'icmp', 'icmpv6', 'sctp', 'dccp', 'gre', 'udplite', 'unknown']);
const PROTO_BYTES = [...PROTOS].map((name) => ({ name, bytes: Buffer.from(name) }));

/** A protocol name: one of PROTOS without decoding (they recur on every line), or the decoded bytes. */
function nameOf(b: Uint8Array, from: number, to: number): string {
  for (const { name, bytes } of PROTO_BYTES) {
    if (bytes.length !== to - from) continue;
    let i = 0;
    while (i < bytes.length && b[from + i] === bytes[i]) i++;
    if (i === bytes.length) return name;
  }
  return textOf(b, from, to);
}

/** What `read` made of a line. */
const NOT_ENTRY = 0;
const COUNTED = 1;
/** Only when asked for well-formed entries: an entry, but not a well-formed one (nothing was counted). */
const NOT_WELL_FORMED = 2;

/** Scratch space the string path encodes lines into (lines longer than it get a buffer of their own). */
const SCRATCH = Buffer.allocUnsafe(16385);

/**
 * Aggregates `conntrack -L` / `/proc/net/nf_conntrack` lines as they stream by. `push` (a string) returns false for
 * other lines; `pushBytes` (a line's bytes) takes well-formed plain entries only and returns false for the rest,
 * counting nothing then. Both run the same byte reader.
 */
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

  /**
   * Counts the line `b[start, end)` when it is an entry. With `wellFormed`, only when it is also shaped as
   * `classify` reads an entry (so that it scores for this kind), names a known protocol and has the original
   * `dst=` after a space; otherwise it returns NOT_WELL_FORMED and counts nothing.
   */
  const read = (b: Uint8Array, start: number, end: number, wellFormed: boolean): number => {
    if (!scanCommon(b, start, end) && !scan(b, start, end)) return NOT_ENTRY;
    const isTcp = protoEnd - protoAt === 3 && b[protoAt] === 116 && b[protoAt + 1] === 99 && b[protoAt + 2] === 112;
    const isUdp =
      !isTcp && protoEnd - protoAt === 3 && b[protoAt] === 117 && b[protoAt + 1] === 100 && b[protoAt + 2] === 112;
    const protoName = isTcp || isUdp ? undefined : nameOf(b, protoAt, protoEnd);
    if (
      wellFormed &&
      (!shaped || dst < 0 || b[dst - 1] !== 32 || (protoName !== undefined && !PROTOS.has(protoName)))
    ) {
      return NOT_WELL_FORMED;
    }

    if (isTcp) tcp++;
    else if (isUdp) udp++;
    else countName(otherProtos, protoName!);
    total++;
    if (timeout >= LONG_TIMEOUT_MIN) longTimeout++;
    if (timeout > maxTimeout) maxTimeout = timeout;
    if (isTcp) {
      const known = stateAt < 0 ? NONE_STATE : stateIndex(b, stateAt, stateEnd - stateAt);
      if (known >= 0) stateHits[known]!++;
      else countName(otherStates, textOf(b, stateAt, stateEnd));
    }
    if (reply < 0) return COUNTED;
    if (unrepliedFlag) unreplied++;
    if (assuredFlag) assured++;
    if (dport < 0) return COUNTED;
    const udpStale = isUdp && unrepliedFlag;
    if (udpStale) {
      udpUnreplied++;
      if (dport < 65536) udpPorts[dport]!++;
    }
    if (dport !== sport || !sameRange(b, dst + 4, dstEnd, reply + 4, replyEnd)) countDnat(b, udpStale);
    return COUNTED;
  };

  /** A DNATed entry (the original destination is not the reply source): its pair, in the top lists. */
  const countDnat = (b: Uint8Array, udpStale: boolean): void => {
    dnatEntries++;
    const takeA = dnat.take();
    const takeB = udpStale && udpDnat.take();
    if (!takeA && !takeB) return;
    const dstHash = hashRange(b, dst + 4, dstEnd, 0x811c9dc5 ^ dport);
    const hash = hashRange(b, reply + 4, replyEnd, Math.imul(dstHash, 0x85ebca6b) ^ sport);
    const wantA = takeA && dnat.wants(hash);
    const wantB = takeB && udpDnat.wants(hash);
    if (wantA || wantB) {
      const key = `${hostPort(textOf(b, dst + 4, dstEnd), dport)}>${hostPort(textOf(b, reply + 4, replyEnd), sport)}`;
      if (wantA) dnat.add(hash, key);
      if (wantB) udpDnat.add(hash, key);
    }
  };

  return {
    push(line: string): boolean {
      // The same reader as the byte lane: the line's UTF-8 bytes (for ASCII, one byte per character).
      // UTF-8 writes ASCII as Latin-1 would, one byte per character; a long line gets a buffer of its own.
      const fits = line.length * 3 < SCRATCH.length;
      const bytes = fits ? SCRATCH : Buffer.from(line, 'utf8');
      const n = fits ? SCRATCH.write(line, 0, 'utf8') : bytes.length;
      if (fits) SCRATCH[n] = 10; // the newline `scanCommon` stops at
      if (read(bytes, 0, n, false) === COUNTED) return true;
      const m = line.includes('flow entries have been shown') ? SHOWN.exec(line) : null;
      if (m) shown = Number(m[1]);
      return m !== null;
    },
    pushBytes(bytes: Uint8Array, start: number, end: number): boolean {
      return read(bytes, start, end, true) === COUNTED;
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
      pushBytes: breakdown.pushBytes,
      end() {
        return { value: breakdown.result(), notes: notes.list() };
      },
    };
  },
};
