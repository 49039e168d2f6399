// A short, stable hex digest of text: the same input gives the same id in every process and release. Pure.
import { createHash } from 'node:crypto';

/** The first `length` hex digits of SHA-256(`text`). */
export function stableHash(text: string, length = 32): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}
