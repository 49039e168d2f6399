// Aggregates conntrack listing lines as they stream by (as text, one line's bytes, or a run of lines): common
// entries through the WebAssembly scanner, every other line through the general byte reader.
import { type LinesTaken, MAX_LINE_BYTES } from '../../input/read-lines.js';
import { hashRange, sameRange, textOf } from './byte-range.js';
import type { ConntrackBreakdown } from './conntrack-breakdown.js';
import {
  breakdownOf,
  type ConntrackCounts,
  countName,
  createCounts,
  LONG_TIMEOUT_MIN,
  namePair,
} from './conntrack-counts.js';
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
import { NONE_STATE, stateIndex } from './conntrack-tcp-states.js';
import { readLinesWithWasm, readLineWithWasm } from './conntrack-wasm-lines.js';
import { createWasmScanner, type WasmScanner } from './conntrack-wasm-scanner.js';

export { LONG_TIMEOUT_MIN } from './conntrack-counts.js';

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

/** What `read` made of a line. */
const NOT_ENTRY = 0;
const COUNTED = 1;
/** Only when asked for well-formed entries: an entry, but not a well-formed one (nothing was counted). */
const NOT_WELL_FORMED = 2;

/**
 * Counts the line `b[start, end)` into `c` when `scan` reads it as an entry. With `wellFormed`, only when it is
 * also shaped as `classify` reads an entry (so that it scores for this kind), names a known protocol and has the
 * original `dst=` after a space; otherwise it returns NOT_WELL_FORMED and counts nothing.
 */
function read(c: ConntrackCounts, b: Uint8Array, start: number, end: number, wellFormed: boolean): number {
  if (!scan(b, start, end)) return NOT_ENTRY;
  const isTcp = protoEnd - protoAt === 3 && b[protoAt] === 116 && b[protoAt + 1] === 99 && b[protoAt + 2] === 112;
  const isUdp =
    !isTcp && protoEnd - protoAt === 3 && b[protoAt] === 117 && b[protoAt + 1] === 100 && b[protoAt + 2] === 112;
  const protoName = isTcp || isUdp ? undefined : nameOf(b, protoAt, protoEnd);
  if (wellFormed && (!shaped || dst < 0 || b[dst - 1] !== 32 || (protoName !== undefined && !PROTOS.has(protoName)))) {
    return NOT_WELL_FORMED;
  }
  if (isTcp) c.tcp++;
  else if (isUdp) c.udp++;
  else countName(c.otherProtos, protoName!);
  c.total++;
  if (timeout >= LONG_TIMEOUT_MIN) c.longTimeout++;
  if (timeout > c.maxTimeout) c.maxTimeout = timeout;
  if (isTcp) {
    const known = stateAt < 0 ? NONE_STATE : stateIndex(b, stateAt, stateEnd - stateAt);
    if (known >= 0) c.stateHits[known]!++;
    else countName(c.otherStates, textOf(b, stateAt, stateEnd));
  }
  if (reply < 0) return COUNTED;
  if (unrepliedFlag) c.unreplied++;
  if (assuredFlag) c.assured++;
  if (dport < 0) return COUNTED;
  const stale = isUdp && unrepliedFlag;
  if (stale) {
    c.udpUnreplied++;
    if (dport < 65536) c.udpPorts[dport]!++;
  }
  if (dport === sport && sameRange(b, dst + 4, dstEnd, reply + 4, replyEnd)) return COUNTED;
  c.dnatEntries++;
  const takeA = c.dnat.take();
  const takeB = stale && c.udpDnat.take();
  if (!takeA && !takeB) return COUNTED;
  const hash = hashRange(
    b,
    reply + 4,
    replyEnd,
    Math.imul(hashRange(b, dst + 4, dstEnd, 0x811c9dc5 ^ dport), 0x85ebca6b) ^ sport,
  );
  const wantA = takeA && c.dnat.wants(hash);
  const wantB = takeB && c.udpDnat.wants(hash);
  if (wantA || wantB) namePair(c, b, wantA, wantB, hash, dst, dstEnd, dport, reply, replyEnd, sport);
  return COUNTED;
}

/** Where strings are encoded without WebAssembly (lines longer than it get a buffer of their own). */
const SCRATCH = Buffer.allocUnsafe(16385);

export interface BreakdownOptions {
  /** Read common entries with the WebAssembly scanner (the default, where WebAssembly exists). */
  wasm?: boolean;
}

/**
 * Aggregates `conntrack -L` / `/proc/net/nf_conntrack` lines as they stream by. `push` (a string) returns false for
 * other lines; `pushBytes` (a line's bytes) and `pushLines` (many) take well-formed plain entries only, counting
 * nothing for the rest. Common entries are read by the WebAssembly scanner, all others by `scan`; a line counts
 * alike either way (test/unit/property/conntrack-wasm-scan.test.ts).
 */
export function createConntrackBreakdown(options: BreakdownOptions = {}) {
  const scanner: WasmScanner | undefined = options.wasm === false ? undefined : createWasmScanner();
  // With the scanner, the top lists' sketches live in its memory, where it counts sampled pairs itself.
  const c = createCounts(scanner && ((list) => () => scanner.rows(list)));
  const other = (bytes: Uint8Array, lineStart: number, lineEnd: number): boolean =>
    read(c, bytes, lineStart, lineEnd, true) === COUNTED;
  /** `conntrack v1.4.6 (conntrack-tools): N flow entries have been shown.`: true when `line` says it. */
  const countShown = (line: string): boolean => {
    const m = line.includes('flow entries have been shown') ? SHOWN.exec(line) : null;
    if (m) c.shown = Number(m[1]);
    return m !== null;
  };
  return {
    /** Counts `line` when it is an entry; false for any other line. */
    push(line: string): boolean {
      const length = scanner === undefined ? -1 : scanner.loadText(line);
      if (scanner !== undefined && length >= 0) {
        if (readLineWithWasm(scanner, c, length)) return true;
        return read(c, scanner.memory, scanner.input, scanner.input + length, false) === COUNTED || countShown(line);
      }
      // UTF-8 writes ASCII as Latin-1 would, one byte per character; a long line gets a buffer of its own.
      const fits = line.length * 3 < SCRATCH.length;
      const bytes = fits ? SCRATCH : Buffer.from(line, 'utf8');
      const n = fits ? SCRATCH.write(line, 0, 'utf8') : bytes.length;
      return read(c, bytes, 0, n, false) === COUNTED || countShown(line);
    },
    pushBytes(bytes: Uint8Array, start: number, end: number): boolean {
      return other(bytes, start, end);
    },
    pushLines(bytes: Uint8Array, start: number, end: number): LinesTaken {
      if (scanner !== undefined) return readLinesWithWasm(scanner, c, bytes, start, end, other);
      let lines = 0;
      let at = start;
      for (let nl = bytes.indexOf(10, at); nl >= 0 && nl < end; nl = bytes.indexOf(10, at)) {
        if (nl - at > MAX_LINE_BYTES || !other(bytes, at, nl)) break;
        lines++;
        at = nl + 1;
      }
      return { lines, end: at };
    },
    result(): ConntrackBreakdown {
      return breakdownOf(c);
    },
  };
}
