// Conntrack lines read by the WebAssembly scanner: its tallies merged into the counts, its records counted.
import type { LinesTaken } from '../../input/read-lines.js';
import { type ConntrackCounts, countName, LONG_TIMEOUT_MIN, namePair } from './conntrack-counts.js';
import {
  F_COMMON,
  F_DPORT,
  F_DST,
  F_DST_END,
  F_END,
  F_ESTIMATE_A,
  F_ESTIMATE_B,
  F_FLAGS,
  F_HASH,
  F_PROTO,
  F_REPLY,
  F_REPLY_END,
  F_SPORT,
  F_START,
  FLAG_DNAT,
  FLAG_TAKE_A,
  FLAG_TAKE_B,
  FLAG_UNREPLIED,
  RECORD_SLOTS,
  T_A_FLOOR,
  T_A_ROWS,
  T_A_SAMPLED,
  T_A_TURN,
  T_ASSURED,
  T_B_FLOOR,
  T_B_ROWS,
  T_B_SAMPLED,
  T_B_TURN,
  T_DNAT,
  T_ICMP,
  T_ICMPV6,
  T_ICMPV6_FIRST,
  T_LINES,
  T_LONG,
  T_LONG_MIN,
  T_MAX_TIMEOUT,
  T_NEXT,
  T_STATES,
  T_STRIDE,
  T_TCP,
  T_UDP,
  T_UDP_UNREPLIED,
  T_UNREPLIED,
  type WasmScanner,
  WINDOW_BYTES,
} from './conntrack-wasm-scanner.js';
import { STRIDE } from './top-counter.js';

/** Reads a line that is not a common entry (`bytes[lineStart, lineEnd)`); false when it is not taken. */
export type OtherLine = (bytes: Uint8Array, lineStart: number, lineEnd: number) => boolean;

/**
 * One scanner call from `from` to `to` (offsets in its memory): counts what it tallied and recorded into `c`, and
 * hands a line that is not common to `other` (its bytes are `bytes` at the record's offsets + `shift`). Returns
 * where the next call starts (an offset in the scanner's memory; `from` when nothing was read), or -1 when `other`
 * did not take its line (the lines before it are counted). `lines` grows by the lines read.
 */
function scanOnce(
  s: WasmScanner,
  c: ConntrackCounts,
  from: number,
  to: number,
  bytes: Uint8Array,
  shift: number,
  other: OtherLine,
  read: { lines: number },
): number {
  const { tally, records, memory } = s;
  const sampledA = c.dnat.approximate;
  const sampledB = c.udpDnat.approximate;
  tally[T_LONG_MIN] = LONG_TIMEOUT_MIN;
  tally[T_STRIDE] = STRIDE;
  tally[T_A_SAMPLED] = sampledA ? 1 : 0;
  tally[T_A_TURN] = c.dnat.turn;
  tally[T_B_SAMPLED] = sampledB ? 1 : 0;
  tally[T_B_TURN] = c.udpDnat.turn;
  if (sampledA) {
    tally[T_A_ROWS] = s.rows(0).at;
    tally[T_A_FLOOR] = c.dnat.floor;
  }
  if (sampledB) {
    tally[T_B_ROWS] = s.rows(1).at;
    tally[T_B_FLOOR] = c.udpDnat.floor;
  }
  const n = s.scan(from, to);
  const lines = tally[T_LINES]!;
  if (lines > 0) {
    c.total += lines;
    c.tcp += tally[T_TCP]!;
    c.udp += tally[T_UDP]!;
    // Named as the general scanner names them, in the order their first entry came (the tally precedes any other
    // line of this call).
    const v6First = tally[T_ICMPV6_FIRST] === 1;
    if (v6First && tally[T_ICMPV6]! > 0) countName(c.otherProtos, 'icmpv6', tally[T_ICMPV6]!);
    if (tally[T_ICMP]! > 0) countName(c.otherProtos, 'icmp', tally[T_ICMP]!);
    if (!v6First && tally[T_ICMPV6]! > 0) countName(c.otherProtos, 'icmpv6', tally[T_ICMPV6]!);
    c.unreplied += tally[T_UNREPLIED]!;
    c.assured += tally[T_ASSURED]!;
    c.udpUnreplied += tally[T_UDP_UNREPLIED]!;
    c.longTimeout += tally[T_LONG]!;
    c.dnatEntries += tally[T_DNAT]!;
    const max = s.tallyMax[T_MAX_TIMEOUT]!;
    if (max > c.maxTimeout) c.maxTimeout = max;
    for (let i = 0; i < c.stateHits.length; i++) c.stateHits[i]! += tally[T_STATES + i]!;
    if (sampledA) c.dnat.turn = tally[T_A_TURN]!;
    if (sampledB) c.udpDnat.turn = tally[T_B_TURN]!;
    read.lines += lines;
  }
  let next = tally[T_NEXT]!;
  for (let r = 0; r < n * RECORD_SLOTS; r += RECORD_SLOTS) {
    if (records[r + F_COMMON] !== 1) {
      // Not common, and the last record: the general scanner reads it.
      if (!other(bytes, records[r + F_START]! + shift, records[r + F_END]! + shift)) return -1;
      read.lines++;
      next = records[r + F_END]! + 1;
      break;
    }
    const flags = records[r + F_FLAGS]!;
    const stale = records[r + F_PROTO] === 2 && (flags & FLAG_UNREPLIED) !== 0;
    const port = records[r + F_DPORT]!;
    if (stale && port < 65536) c.udpPorts[port]!++;
    if ((flags & FLAG_DNAT) === 0) continue;
    // A sampled list's pairs were sampled and estimated here already: recorded only past its floor.
    const hash = records[r + F_HASH]!;
    const wantA = sampledA
      ? (flags & FLAG_TAKE_A) !== 0 && c.dnat.wantsEstimated(hash, records[r + F_ESTIMATE_A]! >>> 0)
      : c.dnat.take() && c.dnat.wants(hash);
    const staleB = sampledB ? (flags & FLAG_TAKE_B) !== 0 : stale && c.udpDnat.take();
    const wantB =
      staleB && (sampledB ? c.udpDnat.wantsEstimated(hash, records[r + F_ESTIMATE_B]! >>> 0) : c.udpDnat.wants(hash));
    if (!wantA && !wantB) continue;
    const at = records[r + F_DST]!;
    const reply = records[r + F_REPLY]!;
    const replyEnd = records[r + F_REPLY_END]!;
    namePair(c, memory, wantA, wantB, hash, at, records[r + F_DST_END]!, port, reply, replyEnd, records[r + F_SPORT]!);
  }
  return next;
}

/**
 * Reads the lines of `bytes[start, end)` (each ended by a newline before `end`) window by window: common entries
 * with the scanner, every other line with `other` (false stops there). Returns how many lines were read and where
 * the rest begins (a line longer than a window, or one not ended before `end`, is left).
 */
export function readLinesWithWasm(
  s: WasmScanner,
  c: ConntrackCounts,
  bytes: Uint8Array,
  start: number,
  end: number,
  other: OtherLine,
): LinesTaken {
  const read = { lines: 0 };
  let at = start;
  while (at < end) {
    const length = Math.min(end - at, WINDOW_BYTES);
    s.load(bytes, at, length);
    const shift = at - s.input;
    let from = s.input;
    for (;;) {
      const next = scanOnce(s, c, from, s.input + length, bytes, shift, other, read);
      if (next < 0) return { lines: read.lines, end: s.tally[T_NEXT]! + shift };
      if (next === from) break;
      from = next;
    }
    if (from === s.input) break;
    at = from + shift;
  }
  return { lines: read.lines, end: at };
}

/** Reads one line with the scanner: true when it was a common entry (counted), false for any other line. */
export function readLineWithWasm(s: WasmScanner, c: ConntrackCounts, length: number): boolean {
  let common = true;
  scanOnce(
    s,
    c,
    s.input,
    s.input + length + 1,
    s.memory,
    0,
    () => {
      common = false;
      return false;
    },
    { lines: 0 },
  );
  return common;
}
