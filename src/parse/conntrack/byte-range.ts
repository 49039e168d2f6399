// Byte ranges of a line held in a buffer: hashed, compared and decoded without slicing.

/** FNV-1a of `b[from, to)` mixed into `seed`. */
export function hashRange(b: Uint8Array, from: number, to: number, seed: number): number {
  let h = seed;
  for (let i = from; i < to; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h;
}

export function sameRange(b: Uint8Array, a: number, aEnd: number, c: number, cEnd: number): boolean {
  if (aEnd - a !== cEnd - c) return false;
  for (let i = 0; i < aEnd - a; i++) if (b[a + i] !== b[c + i]) return false;
  return true;
}

/** The text of `b[from, to)` (UTF-8; only names and keys are decoded, and only when they are counted). */
export function textOf(b: Uint8Array, from: number, to: number): string {
  return Buffer.from(b.buffer, b.byteOffset + from, to - from).toString('utf8');
}
