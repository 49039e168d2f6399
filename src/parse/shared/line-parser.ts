// The skeleton every line parser shares: one note collector per block, a reader fed the block's lines, and at the
// end the reader's value with the notes gathered. A parser built with `lineParser` is a typed `Parser<T>`.
import type { LineSink, Parser, SinkContext } from '../parser.js';
import { createNoteCollector, type NoteCollector } from './notes.js';

/** Reads one block: its lines (and, optionally, the byte lane of `LineSink`), then gives the block's value. */
export interface LineReader<T> extends Omit<LineSink<T>, 'end'> {
  /** Called once, after the last line. Notes added here still count. */
  end(): T;
}

/** A line parser's parts: what `Parser` declares, and how one block is read. */
export interface LineParserSpec<T> extends Omit<Parser<T>, 'create'> {
  /** Starts reading one block: `notes` records what cannot be read; `context` names the command, when known. */
  read(notes: NoteCollector, context: SinkContext): LineReader<T>;
}

/** The parser of a spec: each block gets its own note collector, and its result is the reader's value and notes. */
export function lineParser<T>({ read, ...parser }: LineParserSpec<T>): Parser<T> {
  return {
    ...parser,
    create(context) {
      const notes = createNoteCollector();
      const reader = read(notes, context);
      return { ...reader, end: () => ({ value: reader.end(), notes: notes.list() }) };
    },
  };
}
