// The report: every parsed block of one input, what the collector's own lines said, and the notes.
import type { KindId } from './kind.js';

/** The header of one collector section (docs/report-format.md). */
export interface SectionMeta {
  name: string;
  kind: string;
  status: 'ok' | 'failed' | 'missing' | 'timeout' | 'skipped' | string;
  rc?: number;
  ms?: number;
  /** Epoch seconds when the command started. */
  at?: number;
  truncated: boolean;
  cmd?: string;
}

/** Where an item came from in the input. */
export interface Source {
  /** 1-based line number of the first line of the block. */
  line: number;
  /** The command that produced it, when a prompt or a section header said so. */
  command?: string;
  section?: SectionMeta;
}

/** One parsed block of output. `value` has the type its parser declares. */
export interface Item<T = unknown> {
  kind: KindId;
  value: T;
  notes: string[];
  source: Source;
}

/** What the report's first and last `#netcheck` lines said. */
export interface CollectorMeta {
  version?: number;
  host?: string;
  start?: number;
  interval?: number;
  deadline?: number;
  /** True when the sentinel line was seen and its byte count matched what was received. */
  complete: boolean;
  sentinelSeen: boolean;
  bytesDeclared?: number;
  bytesSeen: number;
  sections: SectionMeta[];
}

/** Everything netcheck read from one input. */
export interface Report {
  items: Item[];
  /** Kinds in order of first appearance. */
  detected: KindId[];
  collector?: CollectorMeta;
  /** What could not be read, for humans. Never fatal. */
  notes: string[];
  lines: number;
  /** The decoration taken off the input's lines (line numbers, borders, log prefixes...), in words; absent if none. */
  stripped?: string[];
  /** When nothing was recognised: what the text looks like ("a JSON document", "prose ..."), never a guess of a kind. */
  looksLike?: string;
}
