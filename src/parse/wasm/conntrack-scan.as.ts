// The common `conntrack -L` / `/proc/net/nf_conntrack` line, read in WebAssembly (AssemblyScript; built by
// `npm run build:wasm` into src/parse/parsers/conntrack-scan-wasm.ts). It reads many lines per call, counts the
// common entries into a tally and records only what JavaScript still has to count (src/parse/parsers/
// conntrack-list-breakdown.ts): UDP `[UNREPLIED]` ports, DNAT pairs for the top lists, and any other line, which the
// general scanner (conntrack-line-scan.ts) reads. That scanner stays the reference: for a line read here, every
// field equals what `scan` leaves, and a breakdown counts alike with or without WebAssembly
// (test/property/conntrack-wasm-scan.test.ts).
//
// Memory: the caller copies lines into linear memory and writes a newline after the last byte, so every search stops
// at a newline; 8 bytes after that newline are readable (word-at-a-time reads look ahead). Offsets are absolute.

/** Bytes per record; the fields are i32 at the offsets below (TIMEOUT is an f64). */
export const RECORD_BYTES: i32 = 72;
export const R_START: i32 = 0;
/** The line's newline. */
export const R_END: i32 = 4;
/** 1: a common entry, fields below set; 0: any other line (fields unset). */
export const R_COMMON: i32 = 8;
/** 1 tcp, 2 udp. */
export const R_PROTO: i32 = 12;
/** Index in TCP_STATES (conntrack-tcp-states.ts), -1 when the line names no state. */
export const R_STATE: i32 = 16;
export const R_DST: i32 = 20;
export const R_DST_END: i32 = 24;
export const R_DPORT: i32 = 28;
export const R_REPLY: i32 = 32;
export const R_REPLY_END: i32 = 36;
export const R_SPORT: i32 = 40;
/** FLAG_* bits. */
export const R_FLAGS: i32 = 44;
/** With FLAG_DNAT and a top list taking the pair: the pair's hash, as conntrack-list-breakdown.ts computes it. */
export const R_HASH: i32 = 48;
export const R_TIMEOUT: i32 = 56;
/** With FLAG_TAKE_A on a sampled list: the pair's estimated count after this entry (FLAG_TAKE_B: R_ESTIMATE_B). */
export const R_ESTIMATE_A: i32 = 64;
export const R_ESTIMATE_B: i32 = 68;

export const FLAG_UNREPLIED: i32 = 1;
export const FLAG_ASSURED: i32 = 2;
/** The original destination is not the reply source (address or port). */
export const FLAG_DNAT: i32 = 4;

const SPACE: u32 = 32;
const NEWLINE: u32 = 10;
/** More digits than this in a port: not read here (the general scanner reads it as a double). */
const PORT_DIGITS: usize = 9;
/** More digits than this in a timeout: not read here (a double no longer holds every integer). */
const TIMEOUT_DIGITS: usize = 15;

@inline function at(p: usize): u32 {
  return <u32>load<u8>(p);
}

@inline function isDigit(c: u32): bool {
  return c - 48 < 10;
}

/** The first byte at or after `p` that is a space or a control byte (the input may hold bytes above 0x7f). */
@inline function tokenEnd(p: usize): usize {
  let word = load<u64>(p);
  let low = (word - 0x2121212121212121) & ~word & 0x8080808080808080;
  while (low == 0) {
    p += 8;
    word = load<u64>(p);
    low = (word - 0x2121212121212121) & ~word & 0x8080808080808080;
  }
  return p + <usize>(ctz(low) >> 3);
}

/** The first newline at or after `p`. */
@inline function lineEnd(p: usize): usize {
  let word = load<u64>(p) ^ 0x0a0a0a0a0a0a0a0a;
  let zero = (word - 0x0101010101010101) & ~word & 0x8080808080808080;
  while (zero == 0) {
    p += 8;
    word = load<u64>(p) ^ 0x0a0a0a0a0a0a0a0a;
    zero = (word - 0x0101010101010101) & ~word & 0x8080808080808080;
  }
  return p + <usize>(ctz(zero) >> 3);
}

@inline function skipSpaces(p: usize): usize {
  while (at(p) == SPACE) p++;
  return p;
}

/** `src=` */
@inline function isSrc(p: usize): bool {
  return load<u32>(p) == 0x3d637273;
}

/** `dst=` */
@inline function isDst(p: usize): bool {
  return load<u32>(p) == 0x3d747364;
}

/** ` sport=` or ` dport=` (by `first`) at `p`. */
@inline function isPortKey(p: usize, first: u32): bool {
  return at(p) == SPACE && at(p + 1) == first && load<u32>(p + 2) == 0x74726f70 && at(p + 6) == 61;
}

/** `[UNREPLIED]` (11 bytes) */
@inline function isUnreplied(p: usize): bool {
  return load<u64>(p) == 0x494c5045524e555b && load<u32>(p + 7) == 0x5d444549;
}

/** `[ASSURED]` (9 bytes) */
@inline function isAssured(p: usize): bool {
  return load<u64>(p) == 0x444552555353415b && at(p + 8) == 93;
}

/** FNV-1a of the bytes `[from, to)` mixed into `seed` (byte-range.ts `hashRange`). */
@inline function hashRange(from: usize, to: usize, seed: u32): u32 {
  let h = seed;
  for (let p = from; p < to; p++) h = (h ^ at(p)) * 0x01000193;
  return h;
}

@inline function sameRange(a: usize, aEnd: usize, c: usize, cEnd: usize): bool {
  return aEnd - a == cEnd - c && memory.compare(a, c, aEnd - a) == 0;
}

/** Index of a TCP state name in TCP_STATES (conntrack-tcp-states.ts `stateIndex`), or -1. */
function stateIndex(p: usize, length: i32): i32 {
  const c = at(p);
  let i: i32 = -1;
  let expected: i32 = 0;
  if (c == 69) {
    i = 0; // ESTABLISHED
    expected = 11;
  } else if (c == 84) {
    i = 1; // TIME_WAIT
    expected = 9;
  } else if (c == 83) {
    if (length == 9) {
      i = 9; // SYN_SENT2
      expected = 9;
    } else {
      i = at(p + 4) == 83 ? 2 : 3; // SYN_SENT, SYN_RECV
      expected = 8;
    }
  } else if (c == 70) {
    i = 4; // FIN_WAIT
    expected = 8;
  } else if (c == 67) {
    i = length == 5 ? 7 : 5; // CLOSE, CLOSE_WAIT
    expected = length == 5 ? 5 : 10;
  } else if (c == 76) {
    i = length == 6 ? 8 : 6; // LISTEN, LAST_ACK
    expected = length == 6 ? 6 : 8;
  } else if (c == 78) {
    i = 10; // NONE
    expected = 4;
  }
  return i >= 0 && expected == length ? i : -1;
}

// The tally a call leaves (and the top lists' sampling it reads), u32 at these offsets of the block at `tally`.
/** Common entries read (recorded or only counted). */
export const T_LINES: i32 = 0;
/** Where the first line not read begins (a line that is not common is recorded, not read). */
export const T_NEXT: i32 = 4;
export const T_TCP: i32 = 8;
export const T_UDP: i32 = 12;
export const T_UNREPLIED: i32 = 16;
export const T_ASSURED: i32 = 20;
export const T_UDP_UNREPLIED: i32 = 24;
/** Entries whose timeout is at least T_LONG_MIN. */
export const T_LONG: i32 = 28;
export const T_DNAT: i32 = 32;
/** In: the smallest long timeout. */
export const T_LONG_MIN: i32 = 36;
/**
 * In: 1 when the DNAT top list samples and estimates (one pair in T_STRIDE, counted in its sketch at T_A_ROWS), 0 when
 * it counts every pair exactly (then all are recorded). A sampled pair is recorded only when its estimate passes
 * T_A_FLOOR, the smallest count among the named pairs (which only grows).
 */
export const T_A_SAMPLED: i32 = 40;
/** In and out: the DNAT top list's position in its stride (top-counter.ts `take`). */
export const T_A_TURN: i32 = 44;
/** The same for the top list of UDP `[UNREPLIED]` DNAT pairs. */
export const T_B_SAMPLED: i32 = 48;
export const T_B_TURN: i32 = 52;
export const T_STRIDE: i32 = 56;
/** In: the sampled lists' sketches (two rows of 2^16 u32 each) and floors. */
export const T_A_ROWS: i32 = 128;
export const T_B_ROWS: i32 = 132;
export const T_A_FLOOR: i32 = 136;
export const T_B_FLOOR: i32 = 140;
/** ICMP entries (`icmp`). */
export const T_ICMP: i32 = 60;
/** ICMPv6 entries (`icmpv6`). */
export const T_ICMPV6: i32 = 116;
/** 1 when this call's first ICMP-family entry was `icmpv6` (the general scanner names protocols as they come). */
export const T_ICMPV6_FIRST: i32 = 120;
/** f64: the largest timeout. */
export const T_MAX_TIMEOUT: i32 = 64;
/** u32 × 11: TCP entries by state index (TCP_STATES; NONE for a line without a state). */
export const T_STATES: i32 = 72;
/** The end of the outputs zeroed at each call, from T_MAX_TIMEOUT. */
const T_OUT_END: i32 = 124;
export const TALLY_BYTES: i32 = 144;

/** Record flags set here: the top lists take this pair (sampled lists only; a list that counts all takes all). */
export const FLAG_TAKE_A: i32 = 8;
export const FLAG_TAKE_B: i32 = 16;

const NONE_STATE: i32 = 10;

/** R_PROTO values. */
const PROTO_TCP: i32 = 1;
const PROTO_UDP: i32 = 2;
const PROTO_ICMP: i32 = 3;
const PROTO_ICMPV6: i32 = 4;

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

/**
 * Reads the common entry at `start`, `[ipv4|ipv6 N] tcp|udp N TIMEOUT [STATE] src= dst= sport= dport=
 * [[UNREPLIED]] src= dst= sport= dport= ... [[ASSURED]] ...` with single spaces inside the tuples, into the record
 * at `r`. Returns its newline, or 0 when the line is not such an entry (then the record is left unset).
 */
function common(start: usize, r: usize): usize {
  let i = start;
  // `ipv4     2 ` (`-o extended`, /proc/net/nf_conntrack): the family and its number.
  if (at(i) == 105 && at(i + 1) == 112 && at(i + 2) == 118 && (at(i + 3) == 52 || at(i + 3) == 54)) {
    i += 4;
    if (at(i) != SPACE) return 0;
    i = skipSpaces(i);
    if (!isDigit(at(i))) return 0;
    while (isDigit(at(++i))) {}
    if (at(i) != SPACE) return 0;
    i = skipSpaces(i);
  }
  // `tcp `, `udp `, `icmp ` or `icmpv6 `.
  const p0 = at(i);
  const tcp = p0 == 116;
  let proto: i32 = tcp ? PROTO_TCP : PROTO_UDP;
  if (tcp) {
    if (at(i + 1) != 99 || at(i + 2) != 112) return 0;
  } else if (p0 == 105 && load<u32>(i) == 0x706d6369) {
    proto = at(i + 4) == 118 && at(i + 5) == 54 ? PROTO_ICMPV6 : PROTO_ICMP;
    i += proto == PROTO_ICMP ? 1 : 3;
  } else if (p0 != 117 || at(i + 1) != 100 || at(i + 2) != 112) return 0;
  i += 3;
  if (at(i) != SPACE) return 0;
  // The protocol number, then the timeout.
  i = skipSpaces(i);
  if (!isDigit(at(i))) return 0;
  while (isDigit(at(++i))) {}
  if (at(i) != SPACE) return 0;
  i = skipSpaces(i);
  let c = at(i);
  if (!isDigit(c)) return 0;
  // Read as an integer (exact, as the general scanner's double is, up to 15 digits; longer goes to it).
  const timeoutAt = i;
  let digits: u64 = 0;
  for (; isDigit(c); c = at(++i)) digits = digits * 10 + <u64>(c - 48);
  if (c != SPACE || i - timeoutAt > TIMEOUT_DIGITS) return 0;
  const timeout = <f64>digits;
  i = skipSpaces(i);
  // A TCP line's state.
  let state: i32 = -1;
  if (!isSrc(i)) {
    if (!tcp || at(i) < SPACE) return 0;
    const name = i;
    i = tokenEnd(i + 1);
    state = stateIndex(name, <i32>(i - name));
    if (state < 0 || at(i) != SPACE) return 0;
    i = skipSpaces(i);
    if (!isSrc(i)) return 0;
  }
  // The original tuple: `src=A dst=B sport=P dport=Q`.
  i = tokenEnd(i + 4);
  if (at(i) != SPACE || !isDst(i + 1)) return 0;
  const dst = i + 1;
  i = tokenEnd(i + 5);
  const dstEnd = i;
  if (proto >= PROTO_ICMP) return icmp(i, r, proto, timeout);
  if (!isPortKey(i, 115)) return 0;
  i = tokenEnd(i + 7);
  if (!isPortKey(i, 100)) return 0;
  i += 7;
  const dportAt = i;
  let dport: u32 = 0;
  for (c = at(i); isDigit(c); c = at(++i)) dport = dport * 10 + c - 48;
  if (i == dportAt || i - dportAt > PORT_DIGITS) return 0;
  i = tokenEnd(i);
  if (at(i) != SPACE) return 0;
  // `[UNREPLIED]` (or another bracketed word), then the reply's `src=`.
  let reply = i + 1;
  let flags: i32 = 0;
  if (at(reply) == 91) {
    i = tokenEnd(reply);
    if (at(i) != SPACE) return 0;
    if (i - reply == 11 && isUnreplied(reply)) flags = FLAG_UNREPLIED;
    reply = i + 1;
  }
  if (!isSrc(reply)) return 0;
  i = tokenEnd(reply + 4);
  const replyEnd = i;
  // The reply tuple's `dst=`, `sport=R`, `dport=`.
  if (at(i) != SPACE || !isDst(i + 1)) return 0;
  i = tokenEnd(i + 5);
  if (!isPortKey(i, 115)) return 0;
  i += 7;
  const sportAt = i;
  let sport: u32 = 0;
  for (c = at(i); isDigit(c); c = at(++i)) sport = sport * 10 + c - 48;
  if (i == sportAt || i - sportAt > PORT_DIGITS) return 0;
  i = tokenEnd(i);
  if (!isPortKey(i, 100)) return 0;
  // The flags: `[ASSURED]` up to `mark=` (or the line's end). Separators here may be any control byte.
  i = tokenEnd(i + 7);
  let end: usize = 0;
  for (;;) {
    c = at(i);
    if (c == NEWLINE) {
      end = i;
      break;
    }
    if (c <= SPACE) {
      i++;
      continue;
    }
    if (c == 109) break;
    if (c == 91 && isAssured(i) && at(i + 9) <= SPACE) flags |= FLAG_ASSURED;
    i = tokenEnd(i + 1);
  }
  if (end == 0) end = lineEnd(i);

  if (dport != sport || !sameRange(dst + 4, dstEnd, reply + 4, replyEnd)) {
    flags |= FLAG_DNAT;
  }
  store<i32>(r, proto, R_PROTO);
  store<i32>(r, state, R_STATE);
  store<i32>(r, <i32>dst, R_DST);
  store<i32>(r, <i32>dstEnd, R_DST_END);
  store<i32>(r, <i32>dport, R_DPORT);
  store<i32>(r, <i32>reply, R_REPLY);
  store<i32>(r, <i32>replyEnd, R_REPLY_END);
  store<i32>(r, <i32>sport, R_SPORT);
  store<i32>(r, flags, R_FLAGS);
  store<f64>(r, timeout, R_TIMEOUT);
  return end;
}

/**
 * The rest of an ICMP entry after the original `dst=` (ending at `i`): ` type=X code=Y id=Z [[UNREPLIED]] src=...`,
 * then any tokens, `[ASSURED]` anywhere among them (the general scanner reads no ports in an ICMP entry, so it takes
 * `[ASSURED]` up to the line's end; a `sport=`/`dport=` token sends the line to it). Returns the newline, or 0.
 */
function icmp(i: usize, r: usize, proto: i32, timeout: f64): usize {
  if (at(i) != SPACE || load<u32>(i + 1) != 0x65707974 || at(i + 5) != 61) return 0; // type=
  i = tokenEnd(i + 6);
  if (at(i) != SPACE || load<u32>(i + 1) != 0x65646f63 || at(i + 5) != 61) return 0; // code=
  i = tokenEnd(i + 6);
  if (at(i) != SPACE || at(i + 1) != 105 || at(i + 2) != 100 || at(i + 3) != 61) return 0; // id=
  i = tokenEnd(i + 4);
  if (at(i) != SPACE) return 0;
  let reply = i + 1;
  let flags: i32 = 0;
  if (at(reply) == 91) {
    i = tokenEnd(reply);
    if (at(i) != SPACE) return 0;
    if (i - reply == 11 && isUnreplied(reply)) flags = FLAG_UNREPLIED;
    reply = i + 1;
  }
  if (!isSrc(reply)) return 0;
  i = tokenEnd(reply + 4);
  for (;;) {
    const c = at(i);
    if (c == NEWLINE) break;
    if (c <= SPACE) {
      i++;
      continue;
    }
    if (c == 91 && isAssured(i) && at(i + 9) <= SPACE) flags |= FLAG_ASSURED;
    if ((c == 115 || c == 100) && load<u32>(i + 1) == 0x74726f70 && at(i + 5) == 61) return 0;
    i = tokenEnd(i + 1);
  }
  store<i32>(r, proto, R_PROTO);
  store<i32>(r, -1, R_STATE);
  store<i32>(r, flags, R_FLAGS);
  store<f64>(r, timeout, R_TIMEOUT);
  return i;
}
