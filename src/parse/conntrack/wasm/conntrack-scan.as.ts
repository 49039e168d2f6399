// The common `conntrack -L` / `/proc/net/nf_conntrack` line, read in WebAssembly (AssemblyScript; built by
// `npm run build:wasm` into src/parse/conntrack/conntrack-scan.generated.ts). It reads many lines per call, counts
// the common entries into a tally and records only what JavaScript still has to count (src/parse/conntrack/
// conntrack-list-breakdown.ts): UDP `[UNREPLIED]` ports, DNAT pairs for the top lists, and any other line, which the
// general scanner (conntrack-line-scan.ts) reads. That scanner stays the reference: for a line read here, every
// field equals what `scan` leaves, and a breakdown counts alike with or without WebAssembly
// (test/unit/property/conntrack-wasm-scan.test.ts).
//
// Memory: the caller copies lines into linear memory and writes a newline after the last byte, so every search stops
// at a newline; 16 bytes after that newline are readable (word-at-a-time reads look ahead). Offsets are absolute.

import { hashRange, lineEnd } from './bytes.as';
import { common } from './entry.as';
import {
  FLAG_ASSURED,
  FLAG_DNAT,
  FLAG_TAKE_A,
  FLAG_TAKE_B,
  FLAG_UNREPLIED,
  NONE_STATE,
  PROTO_ICMP,
  PROTO_ICMPV6,
  PROTO_TCP,
  PROTO_UDP,
  R_COMMON,
  R_DPORT,
  R_DST,
  R_DST_END,
  R_END,
  R_ESTIMATE_A,
  R_ESTIMATE_B,
  R_FLAGS,
  R_HASH,
  R_PROTO,
  R_REPLY,
  R_REPLY_END,
  R_SPORT,
  R_START,
  R_STATE,
  R_TIMEOUT,
  RECORD_BYTES,
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
  T_OUT_END,
  T_STATES,
  T_STRIDE,
  T_TCP,
  T_UDP,
  T_UDP_UNREPLIED,
  T_UNREPLIED,
} from './layout.as';

// The layout, exported for JavaScript to check.
export * from './layout.as';

/**
 * Counts `hash` once more (by the stride) in the count-min sketch whose rows the tally points to at `rows` (top-counter.ts
 * `wants`: row A at hash & 0xffff, row B at `slotB`); returns the estimate, the smaller of the two cells.
 */
@inline function sketch(tally: usize, rows: i32, hash: u32): u32 {
  const stride = load<u32>(tally, T_STRIDE);
  const a = <usize>load<u32>(tally + <usize>rows) + (<usize>(hash & 0xffff) << 2);
  const b = <usize>load<u32>(tally + <usize>rows) + 0x40000 + (<usize>((((hash ^ (hash >> 15)) * 0x2c1b3c6d) >> 7) & 0xffff) << 2);
  const countA = load<u32>(a) + stride;
  const countB = load<u32>(b) + stride;
  store<u32>(a, countA);
  store<u32>(b, countB);
  return countA < countB ? countA : countB;
}

/** The DNAT pair's hash (conntrack-list-breakdown.ts computes the same), from the record's fields, into it. */
@inline function pairHash(r: usize): bool {
  const dst = <usize>load<i32>(r, R_DST);
  const reply = <usize>load<i32>(r, R_REPLY);
  const dstHash = hashRange(dst + 4, <usize>load<i32>(r, R_DST_END), 0x811c9dc5 ^ load<u32>(r, R_DPORT));
  const seed = (dstHash * 0x85ebca6b) ^ load<u32>(r, R_SPORT);
  store<u32>(r, hashRange(reply + 4, <usize>load<i32>(r, R_REPLY_END), seed), R_HASH);
  return true;
}

/** The next position in a sampled top list's stride; true when it takes this pair. */
@inline function nextTurn(tally: usize, at: i32): bool {
  const turn = load<u32>(tally + <usize>at);
  const next = turn == load<u32>(tally, T_STRIDE) - 1 ? 0 : turn + 1;
  store<u32>(tally + <usize>at, next);
  return next == 0;
}

@inline function bump(tally: usize, at: i32): void {
  store<u32>(tally + <usize>at, load<u32>(tally + <usize>at) + 1);
}

/**
 * Reads the lines that start at `from` (each ended by a newline; the caller wrote one at `to`) and counts the common
 * entries into the tally at `tally` (its outputs zeroed here). A common entry is also recorded at `out` when
 * JavaScript has more to count: a UDP `[UNREPLIED]` entry, or a DNAT pair a top list takes. Any other line is
 * recorded and ends the call, so that the tally counts only lines before it. Stops at `max` records, and before the
 * line that ends at `to` (a line cut by the window). Returns how many records it left; the tally says how far it
 * read.
 */
export function scanLines(from: usize, to: usize, out: usize, max: i32, tally: usize): i32 {
  memory.fill(tally + <usize>T_TCP, 0, <usize>(T_LONG_MIN - T_TCP));
  store<u32>(tally, 0, T_ICMP);
  memory.fill(tally + <usize>T_MAX_TIMEOUT, 0, <usize>(T_OUT_END - T_MAX_TIMEOUT));
  const longMin = <f64>load<u32>(tally, T_LONG_MIN);
  const sampledA = load<u32>(tally, T_A_SAMPLED) == 1;
  const sampledB = load<u32>(tally, T_B_SAMPLED) == 1;
  let maxTimeout: f64 = 0;
  let lines: u32 = 0;
  let n: i32 = 0;
  let start = from;
  while (n < max) {
    const r = out + <usize>(n * RECORD_BYTES);
    let end = common(start, r);
    if (end == 0) {
      // Not common: recorded for JavaScript, which reads it and goes on after it (T_NEXT stays at its start).
      end = lineEnd(start);
      if (end >= to) break;
      store<i32>(r, 0, R_COMMON);
      store<i32>(r, <i32>start, R_START);
      store<i32>(r, <i32>end, R_END);
      n++;
      break;
    }
    if (end >= to) break;
    const lineStart = start;
    lines++;
    start = end + 1;
    // The entry's counts.
    const proto = load<i32>(r, R_PROTO);
    const tcp = proto == PROTO_TCP;
    let flags = load<i32>(r, R_FLAGS);
    if (tcp) {
      bump(tally, T_TCP);
      const state = load<i32>(r, R_STATE);
      bump(tally, T_STATES + (state < 0 ? NONE_STATE : state) * 4);
    } else if (proto == PROTO_UDP) bump(tally, T_UDP);
    else {
      if (load<u32>(tally, T_ICMP) == 0 && load<u32>(tally, T_ICMPV6) == 0) {
        store<u32>(tally, proto == PROTO_ICMPV6 ? 1 : 0, T_ICMPV6_FIRST);
      }
      bump(tally, proto == PROTO_ICMP ? T_ICMP : T_ICMPV6);
    }
    const timeout = load<f64>(r, R_TIMEOUT);
    if (timeout >= longMin) bump(tally, T_LONG);
    if (timeout > maxTimeout) maxTimeout = timeout;
    if ((flags & FLAG_UNREPLIED) != 0) bump(tally, T_UNREPLIED);
    if ((flags & FLAG_ASSURED) != 0) bump(tally, T_ASSURED);
    const stale = proto == PROTO_UDP && (flags & FLAG_UNREPLIED) != 0;
    if (stale) bump(tally, T_UDP_UNREPLIED);
    let keep = stale;
    if ((flags & FLAG_DNAT) != 0) {
      bump(tally, T_DNAT);
      let hashed = false;
      if (!sampledA) flags |= FLAG_TAKE_A;
      else if (nextTurn(tally, T_A_TURN)) {
        hashed = pairHash(r);
        const estimate = sketch(tally, T_A_ROWS, load<u32>(r, R_HASH));
        if (estimate > load<u32>(tally, T_A_FLOOR)) {
          flags |= FLAG_TAKE_A;
          store<u32>(r, estimate, R_ESTIMATE_A);
        }
      }
      if (stale) {
        if (!sampledB) flags |= FLAG_TAKE_B;
        else if (nextTurn(tally, T_B_TURN)) {
          if (!hashed) hashed = pairHash(r);
          const estimate = sketch(tally, T_B_ROWS, load<u32>(r, R_HASH));
          if (estimate > load<u32>(tally, T_B_FLOOR)) {
            flags |= FLAG_TAKE_B;
            store<u32>(r, estimate, R_ESTIMATE_B);
          }
        }
      }
      if ((flags & (FLAG_TAKE_A | FLAG_TAKE_B)) != 0) {
        keep = true;
        if (!hashed) pairHash(r);
      }
    }
    if (keep) {
      store<i32>(r, 1, R_COMMON);
      store<i32>(r, <i32>lineStart, R_START);
      store<i32>(r, <i32>end, R_END);
      store<i32>(r, flags, R_FLAGS);
      n++;
    }
  }
  store<f64>(tally, maxTimeout, T_MAX_TIMEOUT);
  store<u32>(tally, lines, T_LINES);
  store<u32>(tally, <u32>start, T_NEXT);
  return n;
}
