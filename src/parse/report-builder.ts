// Cuts input lines into blocks (collector sections, prompts, fences, line signatures) and hands each block to the
// parser of its kind; the result is the report.
import type { KindId } from '../domain/kind.js';
import type { CollectorMeta, Item, Report, SectionMeta, Source } from '../domain/report.js';
import { type CleanLine, cleanLine } from '../input/clean-line.js';
import { commandOf, gluedPrompt } from '../input/command-line.js';
import type { LinesTaken } from '../input/read-lines.js';
import { createTextShape } from '../input/text-shape.js';
import { createUndresser } from '../input/undress.js';
import { collectorMetaOf, parseCollectorLine } from './collector-line.js';
import { finishReport } from './finish-report.js';
import { type LineSink, type Parser, type SinkContext, scoreLine } from './parser.js';
import { createNoteCollector } from './shared/notes.js';

/** Feeds raw input lines (without their newline) one at a time; `end()` returns everything that was read. */
export interface ReportBuilder {
  push(rawLine: string): void;
  /**
   * The byte lane: offers one raw *plain* line (`isPlainLine`: ASCII, none of the bytes cleaning and prompt
   * detection act on), bytes `[start, end)` without its newline, to the open block's parser (`LineSink.pushBytes`).
   * True when the parser took it as a well-formed entry, accounted exactly as `push` would; false when nothing
   * happened and the caller must decode the line and `push` it.
   */
  pushBytes(bytes: Uint8Array, start: number, end: number): boolean;
  /**
   * The byte lane for runs of lines: the open block's `LineSink.pushLines`, which takes plain lines as `pushBytes`
   * would, without their accounting, or undefined when there is none or `pushBytes` would take nothing now. The
   * caller must report the lines it took with `took` before anything else reaches the builder.
   */
  byteRun(): ((bytes: Uint8Array, start: number, end: number) => LinesTaken) | undefined;
  /** Accounts for `lines` lines (`bytes` bytes with their newlines) the function of `byteRun` took. */
  took(lines: number, bytes: number): void;
  end(): Report;
}

interface Run {
  parser: Parser;
  sink: LineSink<unknown>;
  source: Source;
  /** A prompt or a section header named the command: unreadable lines stay in the block. */
  explicit: boolean;
  lines: number;
  /** Unscored lines held back until the block continues (then they belong to it) or ends. */
  gap: string[];
  /** The sink's `pushLines`, bound, once `byteRun` asked for it. */
  take?: (bytes: Uint8Array, start: number, end: number) => LinesTaken;
}

/** Lines that fit no kind and still belong to the block around them, when the block resumes after them. */
const MAX_GAP = 2;
/** Unclaimed lines kept so a block can take back its header once a signature line identifies it. */
const LOOKBACK = 8;

/**
 * Splits input into blocks and hands each to the parser of its kind. A collector report is split by its section
 * headers; pasted text by prompts, fences and the kinds of the lines themselves.
 */
export function createReportBuilder(parsers: readonly Parser[]): ReportBuilder {
  const items: Item[] = [];
  const detected: KindId[] = [];
  const notes = createNoteCollector();
  const byKind = new Map(parsers.map((p) => [p.kind as string, p]));
  let collector: CollectorMeta | undefined;
  let lineNo = 0;
  let run: Run | undefined;
  let lookback: string[] = [];
  let unclaimed = 0;
  const shape = createTextShape();

  const open = (parser: Parser, context: SinkContext, source: Source, explicit: boolean): void => {
    try {
      run = { parser, sink: parser.create(context), source, explicit, lines: 0, gap: [] };
    } catch (error) {
      notes.add(`the ${parser.kind} parser could not start: ${String(error)}`);
      run = undefined;
    }
  };

  const feed = (current: Run, line: string): void => {
    try {
      current.sink.push(line);
      if (line.trim() !== '') current.lines++;
    } catch (error) {
      notes.skip(`the ${current.parser.kind} parser failed on a line (${String(error)})`, line);
    }
  };

  const close = (): void => {
    const current = run;
    run = undefined;
    if (!current) return;
    lookback = current.gap.slice(-LOOKBACK);
    unclaimed += current.gap.filter((l) => l.trim() !== '').length;
    if (current.lines === 0 && !current.source.section) return;
    try {
      const parsed = current.sink.end();
      items.push({ kind: current.parser.kind, value: parsed.value, notes: parsed.notes, source: current.source });
      if (!detected.includes(current.parser.kind)) detected.push(current.parser.kind);
    } catch (error) {
      notes.add(`the ${current.parser.kind} parser failed at line ${current.source.line}: ${String(error)}`);
    }
  };

  const signature = (line: string, except?: Parser): Parser | undefined =>
    parsers.find((p) => p !== except && scoreLine(p, line) === 2);

  const pushCollector = (raw: string, text: string, meta: CollectorMeta): void => {
    const header = text.startsWith('#netcheck ') ? parseCollectorLine(text) : undefined;
    if (header?.type === 'end') {
      close();
      meta.sentinelSeen = true;
      meta.bytesDeclared = header.bytes;
      meta.complete = header.bytes === meta.bytesSeen;
      return;
    }
    meta.bytesSeen += Buffer.byteLength(raw) + 1;
    if (header?.type === 'section') {
      close();
      startSection(header.section, meta);
      return;
    }
    if (run) feed(run, text);
  };

  const startSection = (section: SectionMeta, meta: CollectorMeta): void => {
    meta.sections.push(section);
    const parser = byKind.get(section.kind);
    if (!parser) {
      if (section.kind !== 'text') notes.add(`section ${section.name}: no parser for kind "${section.kind}"`);
      return;
    }
    if (section.status === 'missing' || section.status === 'skipped') return;
    const source: Source = { line: lineNo, section };
    if (section.cmd) source.command = section.cmd;
    open(parser, { command: section.cmd, section: section.name }, source, true);
  };

  const pushPasted = (text: string, fence: boolean, fenceAfterText = false): void => {
    if (fenceAfterText) {
      // `3104```: the last line of the fenced block, then the fence that closes it.
      pushPasted(text, false);
      close();
      lookback = [];
      return;
    }
    if (fence) {
      close();
      lookback = [];
      if (text.trim() === '') return;
    }
    let command = commandOf(text);
    if (command === undefined) {
      // Output whose last line had no newline, with the next prompt glued to it: the output, then the prompt.
      const glued = gluedPrompt(text);
      if (glued) {
        pushPasted(glued.before, false);
        command = glued.command;
      }
    }
    if (command !== undefined) {
      close();
      lookback = [];
      const parser = command === '' ? undefined : parsers.find((p) => p.command.test(command));
      if (parser) open(parser, { command }, { line: lineNo, command }, true);
      return;
    }
    if (text.trim() === '') {
      if (run && run.gap.length > 0) run.gap.push(text);
      else if (run) feed(run, text);
      return;
    }
    if (run) {
      if (scoreLine(run.parser, text) > 0) {
        for (const held of run.gap) feed(run, held);
        run.gap = [];
        feed(run, text);
        return;
      }
      const other = signature(text, run.parser);
      if (other) {
        close();
        startBlock(other, text);
        return;
      }
      if (run.explicit) {
        feed(run, text);
        return;
      }
      run.gap.push(text);
      if (run.gap.filter((l) => l.trim() !== '').length > MAX_GAP) close();
      return;
    }
    const parser = signature(text);
    if (parser) {
      startBlock(parser, text);
      return;
    }
    unclaimed++;
    shape.push(text);
    lookback.push(text);
    if (lookback.length > LOOKBACK) lookback.shift();
  };

  /** Opens a detected block; the unclaimed lines right above it that fit its kind are its header. */
  const startBlock = (parser: Parser, line: string): void => {
    let take = 0;
    while (take < lookback.length && scoreLine(parser, lookback[lookback.length - 1 - take]!) > 0) take++;
    const header = lookback.slice(lookback.length - take);
    lookback = [];
    open(parser, {}, { line: lineNo - header.length }, false);
    if (!run) return;
    for (const held of header) feed(run, held);
    feed(run, line);
    unclaimed = Math.max(0, unclaimed - take);
  };

  /** How strongly a line reads as output: a report's own lines and prompts surely, else its best parser's score. */
  const recognise = (line: string): number => {
    // Inside a collector report every line is what its section printed: nothing there is decoration.
    if (collector && !collector.sentinelSeen) return 2;
    if (line.startsWith('#netcheck ')) return 2;
    const command = commandOf(line);
    if (command !== undefined) return command === '' ? 1 : 2;
    let best = 0;
    for (const parser of parsers) {
      const s = scoreLine(parser, line);
      if (s > best) best = s;
      if (best === 2) break;
    }
    return best;
  };

  const take = (raw: string, line: CleanLine | null): void => {
    lineNo++;
    // A line that carried only decoration (a verbose journal record's metadata) is counted and dropped.
    if (line === null) {
      if (collector && !collector.sentinelSeen) collector.bytesSeen += Buffer.byteLength(raw) + 1;
      return;
    }
    const { text, fence, fenceAfterText } = line;
    if (text.startsWith('#netcheck report')) {
      const header = parseCollectorLine(text);
      if (header?.type === 'report') {
        close();
        collector = collectorMetaOf(header.fields, Buffer.byteLength(raw) + 1);
        return;
      }
    }
    if (collector && !collector.sentinelSeen) pushCollector(raw, text, collector);
    else pushPasted(text, fence, fenceAfterText);
  };
  const undresser = createUndresser(recognise, take);

  return {
    push(raw) {
      // Inside a collector report nothing is decoration: its lines skip the undresser (unless a margin run that
      // began before the report's header is still open around them).
      if (collector && !collector.sentinelSeen && undresser.idle()) take(raw, cleanLine(raw));
      else undresser.push(raw);
    },
    pushBytes(bytes, start, end) {
      // Only inside a block with no held gap lines: everything else (headers, prompts, fences, block starts) is
      // decided on text. A plain line passes cleaning and prompt detection unchanged, and one the parser takes
      // scores for its kind, so the string path would feed it to this block: the same accounting follows.
      const current = run;
      if (current?.sink.pushBytes === undefined || current.gap.length > 0 || !undresser.idle()) return false;
      try {
        if (!current.sink.pushBytes(bytes, start, end)) return false;
      } catch {
        return false;
      }
      lineNo++;
      current.lines++;
      if (collector && !collector.sentinelSeen) collector.bytesSeen += end - start + 1;
      return true;
    },
    byteRun() {
      const current = run;
      if (current?.sink.pushLines === undefined || current.gap.length > 0 || !undresser.idle()) return undefined;
      current.take ??= current.sink.pushLines.bind(current.sink);
      return current.take;
    },
    took(lines, bytes) {
      lineNo += lines;
      run!.lines += lines;
      if (collector && !collector.sentinelSeen) collector.bytesSeen += bytes;
    },
    end() {
      undresser.end();
      close();
      const report = finishReport({ items, detected, notes, lines: lineNo, unclaimed, parsers, shape, collector });
      const stripped = undresser.stripped();
      if (stripped.length > 0) report.stripped = stripped;
      return report;
    },
  };
}
