// The general byte reader of conntrack entries: one pass over a line's bytes, any token order and separators. The
// common line is read faster by the WebAssembly scanner (wasm/conntrack-scan.as.ts), which leaves the same fields;
// `scan` reads every other line, and every line where WebAssembly is missing. It leaves what it read
// in the exported bindings below, which the conntrack-list breakdown reads.

/** What `scan` read from the last line: positions in its bytes, and values. */
export let protoAt = 0;
export let protoEnd = 0;
export let timeout = 0;
/** The token after the timeout when it comes before `src=` (a TCP state), else -1. */
export let stateAt = -1;
export let stateEnd = -1;
/** The original tuple's `dst=` token, -1 when missing. */
export let dst = -1;
export let dstEnd = -1;
/** The original tuple's first `dport=` value (-1 when missing or without digits). */
export let dport = -1;
/** The reply tuple's `src=` token, -1 when missing. */
export let reply = -1;
export let replyEnd = -1;
export let sport = -1;
export let unrepliedFlag = false;
export let assuredFlag = false;
/** The line is shaped as `classify` reads an entry: `ipv4|ipv6 N ` prefix, digits where numbers belong. */
export let shaped = true;

/**
 * Reads one line, `b[start, end)`, in a single pass, token by token (tokens are separated by spaces, tabs and
 * other control bytes): `[ipv4 2] PROTO N TIMEOUT [STATE] ... src= dst= [sport= dport=] ... [[UNREPLIED]] src=
 * dst= [sport= dport=] ... [[ASSURED]] ...`. Returns false when the line is not an entry (no timeout or no
 * `src=`); the fields above hold what it read otherwise.
 */
export function scan(b: Uint8Array, start: number, end: number): boolean {
  let i = start;
  let spaced = true; // the separators up to the timeout are spaces, as `classify` needs
  while (i < end && b[i]! <= 32) if (b[i++] !== 32) spaced = false;
  shaped = true;
  if (end - i > 4 && b[i] === 105 /* i */ && b[i + 1] === 112 /* p */ && b[i + 2] === 118 /* v */) {
    // `ipv4     2 ` (`-o extended`, /proc/net/nf_conntrack): the family and its number.
    const family = i;
    while (i < end && b[i]! > 32) i++;
    if (i - family !== 4 || (b[family + 3] !== 52 && b[family + 3] !== 54)) shaped = false;
    while (i < end && b[i]! <= 32) if (b[i++] !== 32) spaced = false;
    const number = i;
    while (i < end && b[i]! > 32) {
      if (b[i]! < 48 || b[i]! > 57) shaped = false;
      i++;
    }
    if (i === number) shaped = false;
    while (i < end && b[i]! <= 32) if (b[i++] !== 32) spaced = false;
  }
  protoAt = i;
  while (i < end && b[i]! > 32) i++;
  protoEnd = i;
  while (i < end && b[i]! <= 32) if (b[i++] !== 32) spaced = false;
  const number = i;
  while (i < end && b[i]! >= 48 && b[i]! <= 57) i++;
  if (i === number) return false;
  while (i < end && b[i]! <= 32) if (b[i++] !== 32) spaced = false;
  let n = 0;
  const timeoutAt = i;
  for (let c = b[i]!; i < end && c >= 48 && c <= 57; c = b[++i]!) n = n * 10 + c - 48;
  if (i === timeoutAt) return false;
  timeout = n;
  if ((i < end && b[i]! > 32) || !spaced) shaped = false;

  // The tokens after the timeout, in one pass: each is recognised by its first bytes, then skipped to its end.
  const isTcp = protoEnd - protoAt === 3 && b[protoAt] === 116 && b[protoAt + 1] === 99 && b[protoAt + 2] === 112;
  let phase = 0; // 0: before `src=`, 1: before `dst=`, 2: before the reply `src=`, 3: reply ports, 4: flags
  let prev = -1;
  stateAt = -1;
  stateEnd = -1;
  dst = -1;
  dstEnd = -1;
  dport = -1;
  reply = -1;
  replyEnd = -1;
  sport = -1;
  unrepliedFlag = false;
  assuredFlag = false;
  let dportSeen = false;
  for (;;) {
    while (i < end && b[i]! <= 32) i++;
    if (i >= end) break;
    const t = i;
    const c = b[t]!;
    const room = end - t;
    if (phase === 0) {
      if (c === 115 && room >= 4 && b[t + 1] === 114 && b[t + 2] === 99 && b[t + 3] === 61) {
        phase = 1;
        i = t + 4;
      } else if (isTcp && stateAt < 0) {
        while (i < end && b[i]! > 32) i++;
        stateAt = t;
        stateEnd = i;
      }
    } else if (phase === 1) {
      if (c === 100 && room >= 4 && b[t + 1] === 115 && b[t + 2] === 116 && b[t + 3] === 61) {
        i = t + 4;
        while (i < end && b[i]! > 32) i++;
        dst = t;
        dstEnd = i;
        phase = 2;
      }
    } else if (phase === 2) {
      if (c === 115 && room >= 4 && b[t + 1] === 114 && b[t + 2] === 99 && b[t + 3] === 61) {
        i = t + 4;
        while (i < end && b[i]! > 32) i++;
        reply = t;
        replyEnd = i;
        unrepliedFlag = t - prev === 12 && b[prev] === 91 && isWord(b, prev, UNREPLIED);
        phase = 3;
      } else if (c === 100 && !dportSeen && isPortKey(b, t, room)) {
        // The first `dport=` of the original tuple is the one read, even without digits.
        dportSeen = true;
        let v = 0;
        for (i = t + 6; i < end && b[i]! >= 48 && b[i]! <= 57; i++) v = v * 10 + b[i]! - 48;
        dport = i === t + 6 ? -1 : v;
      }
    } else if (c === 91 /* [ */) {
      if (room >= 9 && b[t + 1] === 65 && isWord(b, t, ASSURED) && (room === 9 || b[t + 9]! <= 32)) assuredFlag = true;
    } else if (phase === 3) {
      // The reply's `sport=`, then its `dport=`: the flags follow.
      if (c === (sport === -1 ? 115 : 100) && isPortKey(b, t, room)) {
        let v = 0;
        for (i = t + 6; i < end && b[i]! >= 48 && b[i]! <= 57; i++) v = v * 10 + b[i]! - 48;
        if (c === 115) sport = i === t + 6 ? -2 : v;
        else phase = 4;
      }
    } else if (c === 109 /* m */) {
      break; // `mark=` after the tuple and its flags: nothing else to read
    }
    while (i < end && b[i]! > 32) i++;
    prev = t;
  }
  if (sport === -2) sport = -1;
  return phase > 0;
}

/** Whether the token at `t` (`room` bytes before the line's end) starts with `sport=` or `dport=` (its first letter is checked by the caller). */
function isPortKey(b: Uint8Array, t: number, room: number): boolean {
  return room >= 6 && b[t + 1] === 112 && b[t + 2] === 111 && b[t + 3] === 114 && b[t + 4] === 116 && b[t + 5] === 61;
}

const UNREPLIED = [...'[UNREPLIED]'].map((c) => c.charCodeAt(0));
const ASSURED = [...'[ASSURED]'].map((c) => c.charCodeAt(0));
/** Whether `b` holds `word` at `t` (the caller checked the token's length and its `[`). */
function isWord(b: Uint8Array, t: number, word: readonly number[]): boolean {
  for (let i = 1; i < word.length; i++) if (b[t + i] !== word[i]) return false;
  return true;
}
