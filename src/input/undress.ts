// Takes off what sits around a paste's lines (line numbers, borders and margins, log prefixes, journald banners)
// once the lines around it show it is decoration and the text under it reads better, and names what it took off.
import { type CleanLine, cleanLine, REMOVED } from './clean-line.js';
import { commandOf } from './command-line.js';
import { continues, FRAME, FRAME_START, LIKELY_MARGIN, type Margin, marginOf, undecorated } from './line-margin.js';
import { isJournalBanner, type LogPrefixForm, logPrefixesOf } from './log-prefix.js';

/** A line ready for block detection: cleaned, decoration removed; `raw` is the line as it arrived. */
export interface UndressedLine extends CleanLine {
  raw: string;
}

/**
 * How strongly the rest of the engine recognises a line as command output (0 not at all, 1 could be, 2 surely:
 * the parsers' `LineScore`). Decoration is taken off only where the text under it scores higher than the line.
 */
export type Recognise = (line: string) => number;

export interface Undresser {
  /** One raw line (no newline). Lines come out in order, one for each line in (null for a dropped one). */
  push(raw: string): void;
  /** Releases any held lines. */
  end(): void;
  /** True when no line is held and no decoration run is open: the next line passes only through `cleanLine`. */
  idle(): boolean;
  /** What was taken off, in words, in the order first met. */
  stripped(): string[];
}

/** Lines a run of decoration must span before it is judged (fewer at the end of the input or of the run). */
const WINDOW = 4;

const LOG_WORDS: Record<LogPrefixForm, string> = {
  syslog: 'syslog/journald prefixes',
  rfc5424: 'RFC 5424 syslog prefixes',
  cri: 'container log (CRI) prefixes',
  timestamps: 'kubectl logs timestamps',
  pod: 'kubectl logs --prefix tags',
};
const CLEAN_WORDS: readonly [number, string][] = [
  [REMOVED.carriageReturn, 'Windows line ends (CR)'],
  [REMOVED.ansi, 'ANSI colour codes'],
  [REMOVED.invisible, 'zero-width characters'],
  [REMOVED.oddSpaces, 'non-breaking spaces'],
  [REMOVED.htmlTags, 'HTML tags'],
  [REMOVED.entities, 'HTML entities'],
  [REMOVED.quotes, 'quote markers'],
];

/** Creates the undresser; `recognise` scores lines; `emitLine` receives each line once it is ready (null: dropped). */
export function createUndresser(
  recognise: Recognise,
  emitLine: (raw: string, line: CleanLine | null) => void,
): Undresser {
  const emit = (line: UndressedLine): void => emitLine(line.raw, line);
  const seen = new Set<string>();
  const note = (what: string): void => {
    seen.add(what);
  };
  let held: { line: UndressedLine; margin: Margin }[] = [];
  /** Programs whose syslog prefix turned out to be decoration (at most 64 names). */
  const decorative = new Set<string>();
  /** The open run: each line that continues it loses its margin. */
  let open: { last: Margin; closed: boolean } | undefined;

  const noteClean = (removed: number | undefined): void => {
    if (removed === undefined) return;
    for (const [bit, words] of CLEAN_WORDS) if (removed & bit) note(words);
  };

  /** Takes off a log prefix when the rest of the line is recognised better without it. */
  const release = (line: UndressedLine): void => {
    if (line.text.startsWith('-- ') && isJournalBanner(line.text)) {
      note('journald banners');
      emit({ raw: line.raw, text: '', fence: false });
      return;
    }
    // Prefixes may nest (a syslog line read back with `kubectl logs --timestamps`): each level is scored, and the
    // shallowest level with the best score is kept.
    let text = line.text;
    let score = -1;
    let kept: { message: string; forms: LogPrefixForm[] } | undefined;
    const forms: LogPrefixForm[] = [];
    for (let depth = 0; depth < 3; depth++) {
      const prefixes = logPrefixesOf(text);
      if (prefixes.length === 0) break;
      if (score < 0) score = recognise(text);
      // A syslog prefix names the program some parsers key on: kept unless the text under it reads better. The
      // transport prefixes (CRI, timestamps, pod tags) name nothing: taken off unless the text under it reads worse.
      const transport = prefixes.every((p) => p.form === 'cri' || p.form === 'timestamps' || p.form === 'pod');
      if (score >= 2 && !transport) break;
      let next: { message: string; score: number; form: LogPrefixForm; program?: string } | undefined;
      for (const prefix of prefixes) {
        const rest = text.slice(prefix.length);
        const message = prefix.program === 'kernel' ? `kernel: ${rest}` : rest;
        const s = rest.trim() === '' ? 3 : recognise(message);
        if (!next || s > next.score) next = { message, score: s, form: prefix.form, program: prefix.program };
      }
      forms.push(next!.form);
      text = next!.message;
      const program = next!.program;
      // A program whose prefix already hid better-read text (a script's output read back from the journal) is
      // decoration on its other lines too, prose and headers included.
      if (next!.score > score && program !== undefined && program !== 'kernel' && decorative.size < 64) {
        decorative.add(program);
      }
      const known = program !== undefined && decorative.has(program);
      if (next!.score > score || ((transport || known) && next!.score === score)) {
        score = next!.score;
        kept = { message: text, forms: [...forms] };
      }
    }
    if (kept) {
      for (const form of kept.forms) note(LOG_WORDS[form]);
      const again = cleanLine(kept.message);
      noteClean(again.removed);
      emit(merge(line, again));
      return;
    }
    emit(line);
  };

  const strip = (line: UndressedLine, margin: Margin, closed: boolean): UndressedLine => {
    let rest = line.text.slice(margin.length);
    if (closed) rest = rest.replace(/\s*[│┃║|¦]\s*$/, '');
    const again = cleanLine(rest);
    noteClean(again.removed);
    return merge(line, again);
  };

  /** Judges the held run: its margins go when the text under them is recognised better than the lines. */
  const judge = (): void => {
    const run = held;
    held = [];
    if (run.length === 0) return;
    const bar = run[0]!.margin.type === 'bar' ? run[0]!.margin.key[0]! : undefined;
    const closed =
      bar !== undefined && run.every(({ line }) => line.text.trimEnd().endsWith(bar) && line.text.trimEnd().length > 1);
    let before = 0;
    let after = 0;
    const stripped = run.map(({ line, margin }) => strip(line, margin, closed));
    for (let i = 0; i < run.length; i++) {
      // Only signatures count: many parsers give any indented line a 1, with or without a margin.
      if (best(run[i]!.line.text) >= 2) before++;
      if (best(stripped[i]!.text) >= 2) after++;
    }
    // A tie goes to the margin only when it numbers or frames what no output numbers itself: blank lines, fences,
    // prompts (`iptables -L --line-numbers` and `ip -o link` number their own lines, and only those).
    const framesMore = stripped.some((l) => l.text.trim() === '' || l.fence || commandOf(l.text) !== undefined);
    // (and never where every line already reads as output: a collector report's lines, a clean listing).
    if (after > before || (after === before && before < run.length && run.length >= 2 && framesMore)) {
      note(run[0]!.margin.type === 'number' ? 'line numbers' : 'borders and margins');
      open = { last: run.at(-1)!.margin, closed };
      for (const line of stripped) release(line);
    } else {
      for (const { line } of run) release(line);
    }
  };

  /** A line's score, or that of the text under its log prefix. */
  const best = (text: string): number => {
    const own = recognise(text);
    if (own >= 2) return own;
    let score = own;
    for (const prefix of logPrefixesOf(text)) score = Math.max(score, recognise(text.slice(prefix.length)));
    return score;
  };

  /** Inside a `journalctl -o verbose` record: its field lines carry the message (MESSAGE=) and metadata. */
  let verbose = false;

  /** A verbose record's header or field line: the message goes on, the rest is dropped. True when taken. */
  const takeVerbose = (line: UndressedLine): boolean => {
    if (VERBOSE_HEADER.test(line.text)) {
      if (held.length > 0) judge();
      open = undefined;
      verbose = true;
      note('journalctl -o verbose records');
      emitLine(line.raw, null);
      return true;
    }
    if (!verbose) return false;
    if (line.text.trim() === '') {
      emitLine(line.raw, null);
      return true;
    }
    const field = VERBOSE_FIELD.exec(line.text);
    if (!field) {
      verbose = false;
      return false;
    }
    if (field[1] === 'MESSAGE') {
      const again = cleanLine(line.text.slice(field[0].length));
      noteClean(again.removed);
      release(merge(line, again));
    } else emitLine(line.raw, null);
    return true;
  };

  const take = (line: UndressedLine): void => {
    if ((verbose || line.text.charCodeAt(0) !== 0x20) && takeVerbose(line)) return;
    if (FRAME.test(line.text) && line.text.trim() !== '') {
      // A box's edge: nothing of the output is on it.
      if (held.length > 0 || open) {
        note('borders and margins');
        if (held.length > 0) judge();
        emit({ raw: line.raw, text: '', fence: false });
        return;
      }
      note('borders and margins');
      emit({ raw: line.raw, text: '', fence: false });
      return;
    }
    const margin = marginOf(line.text);
    if (open) {
      if (margin && continues(open.last, margin)) {
        open.last = margin;
        release(strip(line, margin, open.closed));
        return;
      }
      open = undefined;
    }
    if (held.length > 0) {
      if (margin && continues(held.at(-1)!.margin, margin)) {
        held.push({ line, margin });
        if (held.length >= WINDOW) judge();
        return;
      }
      judge();
      if (open) {
        take(line);
        return;
      }
    }
    if (margin) {
      held.push({ line, margin });
      return;
    }
    release(line);
  };

  return {
    push(raw) {
      const clean = cleanLine(raw);
      if (clean.removed !== undefined) noteClean(clean.removed);
      // Most lines of a large output start in a way no decoration does: they go straight through.
      if (held.length === 0 && open === undefined && !verbose && undecorated(clean.text)) {
        emitLine(raw, clean);
        return;
      }
      const line: UndressedLine = { raw, text: clean.text, fence: clean.fence };
      if (clean.fenceAfterText) line.fenceAfterText = true;
      if (
        held.length === 0 &&
        !open &&
        !verbose &&
        !LIKELY_MARGIN.test(clean.text) &&
        !FRAME_START.test(clean.text) &&
        !VERBOSE_HEADER.test(clean.text)
      ) {
        release(line);
        return;
      }
      take(line);
    },
    end() {
      judge();
      open = undefined;
      verbose = false;
    },
    idle: () => held.length === 0 && open === undefined && !verbose,
    stripped: () => [...seen],
  };
}

/** `Tue 2024-03-05 07:08:09.123417 UTC [s=...;i=...;b=...;m=...;t=...;x=...]`: a `journalctl -o verbose` record. */
const VERBOSE_HEADER = /^[A-Z][a-z]{2} \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ [A-Z]{2,5} \[s=[0-9a-f]+;i=[0-9a-f]+;/;
/** `    MESSAGE=...`, `    _PID=4121`: one field of a verbose record. */
const VERBOSE_FIELD = /^ {4}([A-Z_][A-Z0-9_]*)=/;
/** The line as the second cleaning left it, keeping the fences the first one found. */
function merge(line: UndressedLine, again: CleanLine): UndressedLine {
  const out: UndressedLine = { raw: line.raw, text: again.text, fence: line.fence || again.fence };
  if (line.fenceAfterText || (again.fenceAfterText && !line.fence)) out.fenceAfterText = true;
  return out;
}
