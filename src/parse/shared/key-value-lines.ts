// Scoring and reading the `key=value` lines of collector sections.
import type { LineScore } from '../parser.js';
import type { NoteCollector } from './notes.js';

const KEY_VALUE = /^\s*([a-z][a-z0-9_]*)=(.*)$/;

/** Scores a collector `key=value` line: 2 for a key only this section prints, 1 for another key it prints. */
export function classifyKeyValue(line: string, signature: ReadonlySet<string>, other: ReadonlySet<string>): LineScore {
  const m = KEY_VALUE.exec(line);
  if (!m) return 0;
  return signature.has(m[1]!) ? 2 : other.has(m[1]!) ? 1 : 0;
}

/**
 * Reads one trimmed `key=value` line of a collector section into `fields` (at most `maxFields` keys; the value
 * trimmed when `trimValue`). Returns the key and value kept, or undefined: a line that is not `key=value` becomes a
 * note, a new key past the limit is dropped.
 */
export function readKeyValue(
  text: string,
  fields: Record<string, string>,
  maxFields: number,
  notes: NoteCollector,
  trimValue = false,
): [key: string, value: string] | undefined {
  const m = KEY_VALUE.exec(text);
  if (!m) {
    notes.skip('not a key=value line', text);
    return undefined;
  }
  const key = m[1]!;
  const value = trimValue ? m[2]!.trim() : m[2]!;
  if (fields[key] === undefined && Object.keys(fields).length >= maxFields) return undefined;
  fields[key] = value;
  return [key, value];
}
