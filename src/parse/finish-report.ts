// The report a builder ends with: its items and kinds, and the notes that say what was left unread (lines no kind
// claimed; when nothing was recognised, what the text looks like and which outputs netcheck reads).
import type { KindId } from '../domain/kind.js';
import type { CollectorMeta, Item, Report } from '../domain/report.js';
import type { TextShape } from '../input/text-shape.js';
import type { Parser } from './parser.js';
import type { NoteCollector } from './shared/notes.js';

export interface FinishedInput {
  items: Item[];
  detected: KindId[];
  notes: NoteCollector;
  lines: number;
  /** Lines no block claimed. */
  unclaimed: number;
  parsers: readonly Parser[];
  shape: TextShape;
  collector: CollectorMeta | undefined;
}

/** The report, with the notes about what was not read. */
export function finishReport(input: FinishedInput): Report {
  const { items, detected, notes, unclaimed, collector } = input;
  if (unclaimed > 0) {
    notes.add(`${unclaimed} line${unclaimed === 1 ? ' was' : 's were'} not recognised as command output`);
  }
  const looksLike = detected.length === 0 && !collector ? input.shape.describe() : undefined;
  if (looksLike) {
    const kinds = [...new Set(input.parsers.map((p) => p.kind))].join(', ');
    notes.add(`nothing was recognised: the text looks like ${looksLike}; netcheck reads these outputs: ${kinds}`);
  }
  const report: Report = { items, detected, notes: notes.list(), lines: input.lines };
  if (looksLike) report.looksLike = looksLike;
  if (collector) report.collector = collector;
  return report;
}
