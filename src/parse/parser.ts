// The parser contract: how a parser scores lines, streams a block into a typed value and notes, and the byte lane.
import type { KindId } from '../domain/kind.js';
import type { LinesTaken } from '../input/read-lines.js';

/**
 * How strongly one line, seen without context, belongs to a kind:
 * 0 = not this kind; 1 = could be (continues a block, never starts one); 2 = signature (only this kind prints
 * lines like this: starts a block).
 */
export type LineScore = 0 | 1 | 2;

export interface SinkContext {
  /** The command that produced the block, when known (normalized: no prompt, `sudo`, `time`...). */
  command?: string;
  /** The collector section name, when the block is a collector section. */
  section?: string;
}

/** Result of parsing one block. Parsers never throw: what they cannot read becomes a note. */
export interface Parsed<T> {
  value: T;
  notes: string[];
}

/** A streaming parser for one block: it is fed cleaned lines one by one, then ended. Memory must stay bounded. */
export interface LineSink<T> {
  push(line: string): void;
  /**
   * Optional byte lane for large outputs: consumes one line given as bytes `[start, end)` of `bytes` (no newline,
   * not decoded, not cleaned) and returns true when it was a well-formed line of this kind, fully counted, with the
   * effect `push` would have on the decoded line. Returns false otherwise, with no effect: the caller then decodes
   * the line and takes the string path. True is allowed only for a line `classify` scores above 0. The report
   * builder offers only plain lines (ASCII without the bytes line cleaning and prompt detection act on,
   * `isPlainLine` in src/input/read-lines.ts), so for such a line skipping those steps changes nothing.
   */
  pushBytes?(bytes: Uint8Array, start: number, end: number): boolean;
  /**
   * Optional, with `pushBytes`: the byte lane for many lines at once. Takes the lines of `bytes[start, end)` (each
   * ended by a newline before `end`; all plain) in order, as `pushBytes` would, up to the first it would not take,
   * never one longer than MAX_LINE_BYTES; never throws. Returns how many it took and where the rest begins.
   */
  pushLines?(bytes: Uint8Array, start: number, end: number): LinesTaken;
  end(): Parsed<T>;
}

export interface Parser<T = unknown> {
  kind: KindId;
  /** Matches the normalized command whose output this parser reads (e.g. /^conntrack\s+(-S|--stats)\b/). */
  command: RegExp;
  /** Scores one cleaned line without context. Must be fast and must not throw. */
  classify(line: string): LineScore;
  create(context: SinkContext): LineSink<T>;
}

/** The parser's score for a line; a parser that throws scores 0. */
export function scoreLine(parser: Parser, line: string): LineScore {
  try {
    return parser.classify(line);
  } catch {
    return 0;
  }
}
