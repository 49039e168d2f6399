// Reading a line's bytes in linear memory: every search stops at a byte at or below a space (a newline ends each
// line, and the caller ends the window with one); reads look up to 16 bytes past it.

export const SPACE: u32 = 32;
export const NEWLINE: u32 = 10;
/** More digits than this in a port: not read here (the general scanner reads it as a double). */
export const PORT_DIGITS: usize = 9;
/** More digits than this in a timeout: not read here (a double no longer holds every integer). */
export const TIMEOUT_DIGITS: usize = 15;

@inline export function at(p: usize): u32 {
  return <u32>load<u8>(p);
}

@inline export function isDigit(c: u32): bool {
  return c - 48 < 10;
}

/** The first byte at or after `p` that is a space or a control byte (the input may hold bytes above 0x7f). */
@inline export function tokenEnd(p: usize): usize {
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
@inline export function lineEnd(p: usize): usize {
  let word = load<u64>(p) ^ 0x0a0a0a0a0a0a0a0a;
  let zero = (word - 0x0101010101010101) & ~word & 0x8080808080808080;
  while (zero == 0) {
    p += 8;
    word = load<u64>(p) ^ 0x0a0a0a0a0a0a0a0a;
    zero = (word - 0x0101010101010101) & ~word & 0x8080808080808080;
  }
  return p + <usize>(ctz(zero) >> 3);
}

@inline export function skipSpaces(p: usize): usize {
  while (at(p) == SPACE) p++;
  return p;
}

/** `src=` */
@inline export function isSrc(p: usize): bool {
  return load<u32>(p) == 0x3d637273;
}

/** `dst=` */
@inline export function isDst(p: usize): bool {
  return load<u32>(p) == 0x3d747364;
}

/** ` sport=` or ` dport=` (by `first`) at `p`. */
@inline export function isPortKey(p: usize, first: u32): bool {
  return at(p) == SPACE && at(p + 1) == first && load<u32>(p + 2) == 0x74726f70 && at(p + 6) == 61;
}

/** `[UNREPLIED]` (11 bytes) */
@inline export function isUnreplied(p: usize): bool {
  return load<u64>(p) == 0x494c5045524e555b && load<u32>(p + 7) == 0x5d444549;
}

/** `[ASSURED]` (9 bytes) */
@inline export function isAssured(p: usize): bool {
  return load<u64>(p) == 0x444552555353415b && at(p + 8) == 93;
}

/** FNV-1a of the bytes `[from, to)` mixed into `seed` (byte-range.ts `hashRange`). */
@inline export function hashRange(from: usize, to: usize, seed: u32): u32 {
  let h = seed;
  for (let p = from; p < to; p++) h = (h ^ at(p)) * 0x01000193;
  return h;
}

@inline export function sameRange(a: usize, aEnd: usize, c: usize, cEnd: usize): bool {
  return aEnd - a == cEnd - c && memory.compare(a, c, aEnd - a) == 0;
}

