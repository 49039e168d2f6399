import { type LinesTaken, MAX_LINE_BYTES } from '../../input/read-lines.js';
import { hashRange, sameRange, textOf } from './byte-range.js';
import type { ConntrackBreakdown, TopEntry } from './conntrack-breakdown.js';
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
  shaped,
  sport,
  stateAt,
  stateEnd,
  timeout,
  unrepliedFlag,
} from './conntrack-line-scan.js';
import { NONE_STATE, stateIndex, TCP_STATES } from './conntrack-tcp-states.js';
import {
  F_COMMON,
  F_DPORT,
  F_DST,
  F_DST_END,
  F_FLAGS,
  F_HASH,
  F_PROTO,
  F_REPLY,
  F_REPLY_END,
  F_SPORT,
  F_STATE,
  F_TIMEOUT,
  FLAG_ASSURED,
  FLAG_DNAT,
  FLAG_UNREPLIED,
  scanWindows,
  wasmScanner,
} from './conntrack-wasm-scanner.js';
import { createTopCounter, TOP_N } from './top-counter.js';

/** A remaining timeout above one day: only possible when the established timeout exceeds kube-proxy's 86400 s. */
export const LONG_TIMEOUT_MIN = 86401;

export const SHOWN = /\(conntrack-tools\): (\d+) flow entries have been shown/;
/** Protocol names `conntrack` prints; a well-formed entry (`pushBytes`) names one of them. */
export const PROTOS = new Set(['tcp', 'udp', 'icmp', 'icmpv6', 'sctp', 'dccp', 'gre', 'udplite', 'unknown']);
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

/** Distinct rare names kept (unknown protocols, states); the rest are counted as `other`. */
const MAX_NAMES = 32;

function countName(counts: Map<string, number>, name: string): void {
  const key = counts.has(name) || counts.size < MAX_NAMES ? name : 'other';
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** What `read` made of a line. */
const NOT_ENTRY = 0;
const COUNTED = 1;
/** Only when asked for well-formed entries: an entry, but not a well-formed one (nothing was counted). */
const NOT_WELL_FORMED = 2;

/** Where strings are encoded without WebAssembly (lines longer than it get a buffer of their own). */
const SCRATCH = Buffer.allocUnsafe(16385);

export interface BreakdownOptions {
  /** Read common entries with the WebAssembly scanner (the default, where WebAssembly exists). */
  wasm?: boolean;
}

/**
 * Aggregates `conntrack -L` / `/proc/net/nf_conntrack` lines as they stream by. `push` (a string) returns false for
 * other lines; `pushBytes` (a line's bytes) and `pushLines` (many) take well-formed plain entries only, counting
 * nothing for the rest. Common entries are read by the WebAssembly scanner, all others by `scan`; both leave the same
 * fields for a common entry, so every path counts a line alike.
 */
export function createConntrackBreakdown(options: BreakdownOptions = {}) {
  const scanner = options.wasm === false ? undefined : wasmScanner();
  let total = 0;
  let unreplied = 0;
  let assured = 0;
  let udpUnreplied = 0;
  let longTimeout = 0;
  let maxTimeout = 0;
  let dnatEntries = 0;
  let tcp = 0;
  let udp = 0;
  const otherProtos = new Map<string, number>();
  const stateHits = new Float64Array(TCP_STATES.length);
  const otherStates = new Map<string, number>();
  const udpPorts = new Int32Array(65536);
  const dnat = createTopCounter();
  const udpDnat = createTopCounter();

  let shown: number | undefined;
  /** `conntrack v1.4.6 (conntrack-tools): N flow entries have been shown.`: true when `line` says it. */
  const countShown = (line: string): boolean => {
    const m = line.includes('flow entries have been shown') ? SHOWN.exec(line) : null;
    if (m) shown = Number(m[1]);
    return m !== null;
  };

  const countTimeout = (seconds: number): void => {
    if (seconds >= LONG_TIMEOUT_MIN) longTimeout++;
    if (seconds > maxTimeout) maxTimeout = seconds;
  };

  /** A DNATed entry (the original destination is not the reply source): its pair, named by `hash`, in the top lists. */
  const countDnat = (
    b: Uint8Array,
    udpStale: boolean,
    hash: number,
    dstAt: number,
    dstStop: number,
    dstPort: number,
    replyAt: number,
    replyStop: number,
    replyPort: number,
  ): void => {
    dnatEntries++;
    const takeA = dnat.take();
    const takeB = udpStale && udpDnat.take();
    if (!takeA && !takeB) return;
    const wantA = takeA && dnat.wants(hash);
    const wantB = takeB && udpDnat.wants(hash);
    if (wantA || wantB) {
      const from = hostPort(textOf(b, dstAt + 4, dstStop), dstPort);
      const key = `${from}>${hostPort(textOf(b, replyAt + 4, replyStop), replyPort)}`;
      if (wantA) dnat.add(hash, key);
      if (wantB) udpDnat.add(hash, key);
    }
  };

  /**
   * Counts the line `b[start, end)` read by `scan` when it is an entry. With `wellFormed`, only when it is also
   * shaped as `classify` reads an entry (so that it scores for this kind), names a known protocol and has the
   * original `dst=` after a space; otherwise it returns NOT_WELL_FORMED and counts nothing.
   */
  const read = (b: Uint8Array, start: number, end: number, wellFormed: boolean): number => {
    if (!scan(b, start, end)) return NOT_ENTRY;
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
    countTimeout(timeout);
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
    if (dport !== sport || !sameRange(b, dst + 4, dstEnd, reply + 4, replyEnd)) {
      const hash = hashRange(
        b,
        reply + 4,
        replyEnd,
        Math.imul(hashRange(b, dst + 4, dstEnd, 0x811c9dc5 ^ dport), 0x85ebca6b) ^ sport,
      );
      countDnat(b, udpStale, hash, dst, dstEnd, dport, reply, replyEnd, sport);
    }
    return COUNTED;
  };

  /** Counts the common entry the WebAssembly scanner recorded at slot `r` (its offsets are in `b`, its memory). */
  const countRecord = (b: Uint8Array, records: Int32Array, timeouts: Float64Array, r: number): void => {
    const isTcp = records[r + F_PROTO] === 1;
    if (isTcp) {
      tcp++;
      const state = records[r + F_STATE]!;
      stateHits[state < 0 ? NONE_STATE : state]!++;
    } else udp++;
    total++;
    countTimeout(timeouts[(r >> 1) + F_TIMEOUT]!);
    const flags = records[r + F_FLAGS]!;
    if ((flags & FLAG_UNREPLIED) !== 0) unreplied++;
    if ((flags & FLAG_ASSURED) !== 0) assured++;
    const port = records[r + F_DPORT]!;
    const udpStale = !isTcp && (flags & FLAG_UNREPLIED) !== 0;
    if (udpStale) {
      udpUnreplied++;
      if (port < 65536) udpPorts[port]!++;
    }
    if ((flags & FLAG_DNAT) === 0) return;
    const r1 = records[r + F_REPLY]!;
    countDnat(
      b,
      udpStale,
      records[r + F_HASH]!,
      records[r + F_DST]!,
      records[r + F_DST_END]!,
      port,
      r1,
      records[r + F_REPLY_END]!,
      records[r + F_SPORT]!,
    );
  };

  /** pushLines without WebAssembly: `read` line by line. */
  const pushLinesJs = (bytes: Uint8Array, start: number, end: number): LinesTaken => {
    let lines = 0;
    let at = start;
    for (let nl = bytes.indexOf(10, at); nl >= 0 && nl < end; nl = bytes.indexOf(10, at)) {
      if (nl - at > MAX_LINE_BYTES || read(bytes, at, nl, true) !== COUNTED) break;
      lines++;
      at = nl + 1;
    }
    return { lines, end: at };
  };

  return {
    /** Counts `line` when it is an entry; false for any other line. */
    push(line: string): boolean {
      if (scanner !== undefined) {
        const length = scanner.loadText(line);
        if (length >= 0) {
          const { memory, input, records, timeouts } = scanner;
          if (scanner.scan(input, input + length + 1, 1) === 1 && records[F_COMMON] === 1) {
            countRecord(memory, records, timeouts, 0);
            return true;
          }
          if (read(memory, input, input + length, false) === COUNTED) return true;
          return countShown(line);
        }
      }
      // UTF-8 writes ASCII as Latin-1 would, one byte per character; a long line gets a buffer of its own.
      const fits = line.length * 3 < SCRATCH.length;
      const bytes = fits ? SCRATCH : Buffer.from(line, 'utf8');
      const n = fits ? SCRATCH.write(line, 0, 'utf8') : bytes.length;
      return read(bytes, 0, n, false) === COUNTED || countShown(line);
    },
    pushBytes(bytes: Uint8Array, start: number, end: number): boolean {
      return read(bytes, start, end, true) === COUNTED;
    },
    pushLines(bytes: Uint8Array, start: number, end: number): LinesTaken {
      if (scanner === undefined) return pushLinesJs(bytes, start, end);
      const { memory, records, timeouts } = scanner;
      return scanWindows(
        scanner,
        bytes,
        start,
        end,
        (r) => countRecord(memory, records, timeouts, r),
        (lineStart, lineEnd) => read(bytes, lineStart, lineEnd, true) === COUNTED,
      );
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
