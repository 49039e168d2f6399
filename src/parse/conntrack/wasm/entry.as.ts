// One conntrack entry's fields, read into its record: the common TCP/UDP line and the ICMP one.
import {
  at,
  isAssured,
  isDigit,
  isDst,
  isPortKey,
  isSrc,
  isUnreplied,
  lineEnd,
  NEWLINE,
  PORT_DIGITS,
  SPACE,
  sameRange,
  skipSpaces,
  TIMEOUT_DIGITS,
  tokenEnd,
} from './bytes.as';
import {
  FLAG_ASSURED,
  FLAG_DNAT,
  FLAG_UNREPLIED,
  PROTO_ICMP,
  PROTO_ICMPV6,
  PROTO_TCP,
  PROTO_UDP,
  R_DPORT,
  R_DST,
  R_DST_END,
  R_FLAGS,
  R_PROTO,
  R_REPLY,
  R_REPLY_END,
  R_SPORT,
  R_STATE,
  R_TIMEOUT,
} from './layout.as';

/** At a space before a number (a family's, a protocol's): where the token after it begins, or 0 when none is there. */
@inline function afterNumber(i: usize): usize {
  if (at(i) != SPACE) return 0;
  i = skipSpaces(i);
  if (!isDigit(at(i))) return 0;
  while (isDigit(at(++i))) {}
  if (at(i) != SPACE) return 0;
  return skipSpaces(i);
}

/**
 * After the original tuple (its last token ends at `i`, a space): where the reply's `src=` starts, past at most one
 * bracketed word (`[UNREPLIED]`: then the reply is 13 bytes on), or 0 when it is not there.
 */
@inline function replySource(i: usize): usize {
  let reply = i + 1;
  if (at(reply) == 91) {
    const end = tokenEnd(reply);
    if (at(end) != SPACE) return 0;
    reply = end + 1;
  }
  return isSrc(reply) ? reply : 0;
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


/**
 * Reads the common entry at `start`, `[ipv4|ipv6 N] tcp|udp N TIMEOUT [STATE] src= dst= sport= dport=
 * [[UNREPLIED]] src= dst= sport= dport= ... [[ASSURED]] ...` with single spaces inside the tuples, into the record
 * at `r`. Returns its newline, or 0 when the line is not such an entry (then the record is left unset).
 */
export function common(start: usize, r: usize): usize {
  let i = start;
  // `ipv4     2 ` (`-o extended`, /proc/net/nf_conntrack): the family and its number.
  if (at(i) == 105 && at(i + 1) == 112 && at(i + 2) == 118 && (at(i + 3) == 52 || at(i + 3) == 54)) {
    i = afterNumber(i + 4);
    if (i == 0) return 0;
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
  // The protocol number, then the timeout.
  i = afterNumber(i + 3);
  if (i == 0) return 0;
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
  const reply = replySource(i);
  if (reply == 0) return 0;
  let flags: i32 = reply - i == 13 && isUnreplied(i + 1) ? FLAG_UNREPLIED : 0;
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
  const reply = replySource(i);
  if (reply == 0) return 0;
  let flags: i32 = reply - i == 13 && isUnreplied(i + 1) ? FLAG_UNREPLIED : 0;
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
