// The bounded note collector parsers record unreadable lines in.
/** Collects parse notes, keeping the first few examples and a count of the rest, so memory stays bounded. */
export interface NoteCollector {
  /** Records a line that could not be read, under a short reason. */
  skip(reason: string, line: string): void;
  add(note: string): void;
  list(): string[];
}

const EXAMPLES_PER_REASON = 3;
const MAX_REASONS = 20;
const MAX_EXAMPLE_LENGTH = 120;

export function createNoteCollector(): NoteCollector {
  const notes: string[] = [];
  const skipped = new Map<string, { count: number; examples: string[] }>();
  return {
    skip(reason, line) {
      let entry = skipped.get(reason);
      if (!entry) {
        if (skipped.size >= MAX_REASONS) return;
        entry = { count: 0, examples: [] };
        skipped.set(reason, entry);
      }
      entry.count++;
      if (entry.examples.length < EXAMPLES_PER_REASON) entry.examples.push(shorten(line));
    },
    add(note) {
      if (notes.length < MAX_REASONS) notes.push(note);
    },
    list() {
      const out = [...notes];
      for (const [reason, { count, examples }] of skipped) {
        const shown = examples.map((e) => JSON.stringify(e)).join(', ');
        out.push(
          `${reason}: ${count} line${count === 1 ? '' : 's'} (${shown}${count > examples.length ? ', ...' : ''})`,
        );
      }
      return out;
    },
  };
}

function shorten(line: string): string {
  const trimmed = line.trim();
  return trimmed.length > MAX_EXAMPLE_LENGTH ? `${trimmed.slice(0, MAX_EXAMPLE_LENGTH)}...` : trimmed;
}
