// Turns a byte stream of any size into lines with bounded memory, rejects empty or binary input, and marks the plain
// lines the byte lane may take undecoded.
import { isAscii } from 'node:buffer';
import { InputError } from './input-error.js';

/** Lines longer than this are cut (and still counted); no real command output comes close. */
export const MAX_LINE_BYTES = 1 << 20;
const NEWLINE = 0x0a;
const SNIFF_BYTES = 65536;

/**
 * The bytes line cleaning (`clean-line.ts`: carriage return, ESC, `& < > \` ~`) and prompt detection
 * (`command-line.ts`: `$ # % \``) act on. A line of ASCII bytes without them is *plain*: both pass it on unchanged.
 * Keep in step with those files (test/unit/input/plain-bytes.test.ts checks every other ASCII byte).
 */
export const DECORATION_BYTES: readonly number[] = [...'\r\u001b&<>`~$#%'].map((c) => c.charCodeAt(0));

/** Whether `bytes[start, end)` is a plain line (see DECORATION_BYTES). */
export function isPlainLine(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (c >= 0x80 || DECORATION_BYTES.includes(c)) return false;
  }
  return true;
}

/** What a run of the byte lane took: `lines` lines; the first line not taken starts at `end`. */
export interface LinesTaken {
  lines: number;
  end: number;
}

/** Where a line splitter delivers lines. */
export interface LineTarget {
  /**
   * Optional byte lane: a complete, plain line (`isPlainLine`) that lies inside one chunk, as the chunk's bytes
   * `[start, end)` (without its newline, at most MAX_LINE_BYTES long). Returns false to receive it as text instead.
   */
  bytes?(chunk: Buffer, start: number, end: number): boolean;
  /** A line as text: decoded as UTF-8 (Latin-1 for an all-ASCII chunk: the same characters, faster). */
  text(line: string): void;
  /**
   * Optional, with `took`: the byte lane for many lines at once. Returns the function that takes lines as bytes right
   * now, or undefined. The splitter gives it `chunk[start, end)`, where every line ended by a newline before `end` is
   * plain; it takes those lines in order, as `bytes` would, up to the first it does not take (and never one longer
   * than MAX_LINE_BYTES), must not throw, and says how many it took and where the rest begins. The splitter reports
   * that with `took` before anything else reaches the target.
   */
  byteRun?(): ((chunk: Buffer, start: number, end: number) => LinesTaken) | undefined;
  took?(lines: number, bytes: number): void;
}

/**
 * Splits bytes into lines (without their newline), chunk by chunk, with bounded memory whatever the input size,
 * and hands each line to `target` before `push` returns; the caller may reuse the chunk's memory afterwards.
 * Lines that cross a chunk boundary, or are longer than MAX_LINE_BYTES (cut), always arrive as text.
 * Throws InputError for binary input (a NUL byte in the first 64 KiB) and, at `end`, for empty input.
 */
export function createChunkSplitter(target: LineTarget): { push(chunk: Uint8Array): void; end(): void } {
  let carry: Buffer | undefined;
  let seen = 0;
  const bytes = target.bytes?.bind(target);
  const next = new Array<number>(DECORATION_BYTES.length).fill(0);
  /** The nearest decoration byte at or after `from`, updating only the positions already passed. */
  const nextBlocked = (chunk: Buffer, from: number): number => {
    let nearest = chunk.length;
    for (let k = 0; k < DECORATION_BYTES.length; k++) {
      if (next[k]! < from) {
        next[k] = chunk.indexOf(DECORATION_BYTES[k]!, from);
        if (next[k]! < 0) next[k] = chunk.length;
      }
      if (next[k]! < nearest) nearest = next[k]!;
    }
    return nearest;
  };
  const runs = target.byteRun !== undefined && target.took !== undefined;
  /** Offers the plain lines from `from` to the target's `byteRun`; where the lines it did not take begin. */
  const takeRun = (chunk: Buffer, from: number, blocked: number): number => {
    const take = target.byteRun!();
    if (take === undefined) return from;
    const taken = take(chunk, from, blocked);
    if (taken.lines > 0) target.took!(taken.lines, taken.end - from);
    return taken.end;
  };
  return {
    push(input) {
      if (input.length === 0) return;
      const chunk = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.length);
      if (seen < SNIFF_BYTES) checkText(chunk.subarray(0, SNIFF_BYTES - seen));
      seen += chunk.length;
      // Lines are decoded one by one into strings of their own, so nothing keeps a whole chunk alive.
      const ascii = isAscii(chunk);
      const decode = ascii ? latin1 : utf8;
      // Plain lines for the byte lane, found with one native search per decoration byte: `next[k]` is where
      // DECORATION_BYTES[k] occurs next, `blocked` the nearest of them (nothing in an all-ASCII chunk when the
      // target takes no bytes or the chunk is not all ASCII).
      const lane = bytes !== undefined && ascii;
      let blocked = chunk.length;
      if (lane) {
        for (let k = 0; k < DECORATION_BYTES.length; k++) {
          next[k] = chunk.indexOf(DECORATION_BYTES[k]!);
          if (next[k]! < 0) next[k] = chunk.length;
          else if (next[k]! < blocked) blocked = next[k]!;
        }
      } else blocked = -1;
      let start = 0;
      let nl = chunk.indexOf(NEWLINE);
      if (carry && nl >= 0) {
        const joined = Buffer.concat([carry, chunk.subarray(0, nl)]);
        carry = undefined;
        target.text(joined.toString('utf8', 0, Math.min(joined.length, MAX_LINE_BYTES)));
        start = nl + 1;
        nl = chunk.indexOf(NEWLINE, start);
      }
      while (nl >= 0) {
        if (blocked < start && lane) blocked = nextBlocked(chunk, start);
        if (runs && blocked > nl) {
          const from = start;
          start = takeRun(chunk, start, blocked);
          if (start > from) {
            nl = chunk.indexOf(NEWLINE, start);
            if (nl < 0) break;
          }
        }
        if (blocked < nl || nl - start > MAX_LINE_BYTES || !bytes!(chunk, start, nl)) {
          target.text(decode(chunk, start, Math.min(nl, start + MAX_LINE_BYTES)));
        }
        start = nl + 1;
        nl = chunk.indexOf(NEWLINE, start);
      }
      if (start < chunk.length) {
        const rest = chunk.subarray(start);
        carry = carry ? Buffer.concat([carry, rest]) : Buffer.from(rest);
        if (carry.length > MAX_LINE_BYTES) carry = carry.subarray(0, MAX_LINE_BYTES);
      }
    },
    end() {
      if (seen === 0) {
        throw new InputError('empty', 'the input is empty: give a file with command output, or pipe it on stdin');
      }
      const last = carry;
      carry = undefined;
      if (last && last.length > 0) target.text(last.toString('utf8'));
    },
  };
}

/**
 * Splits bytes into lines (without their newline), chunk by chunk, with bounded memory whatever the input size.
 * `push` returns the lines completed by a chunk; the caller may reuse the chunk's memory afterwards.
 * Throws InputError for binary input (a NUL byte in the first 64 KiB) and, at `end`, for empty input.
 */
export interface LineSplitter {
  push(chunk: Buffer): string[];
  end(): string[];
}

export function createLineSplitter(): LineSplitter {
  let lines: string[] = [];
  const splitter = createChunkSplitter({ text: (line) => lines.push(line) });
  const take = (): string[] => {
    const out = lines;
    lines = [];
    return out;
  };
  return {
    push(chunk) {
      splitter.push(chunk);
      return take();
    },
    end() {
      splitter.end();
      return take();
    },
  };
}

/** Lines of a byte stream, one batch per chunk (batches keep the per-line cost low on millions of lines). */
export async function* readLineBatches(
  chunks: AsyncIterable<Buffer | string> | Iterable<Buffer>,
): AsyncGenerator<string[]> {
  const splitter = createLineSplitter();
  for await (const chunk of chunks) {
    const lines = splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    if (lines.length > 0) yield lines;
  }
  const last = splitter.end();
  if (last.length > 0) yield last;
}

/** Like readLineBatches, one line at a time. */
export async function* readLines(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  for await (const batch of readLineBatches(chunks)) yield* batch;
}

function latin1(chunk: Buffer, start: number, end: number): string {
  return chunk.toString('latin1', start, end);
}

function utf8(chunk: Buffer, start: number, end: number): string {
  return chunk.toString('utf8', start, end);
}

function checkText(bytes: Buffer): void {
  if (bytes.includes(0)) {
    throw new InputError(
      'binary',
      'the input is binary (it contains NUL bytes), not command output: netcheck reads text such as a collector report or a pasted command output',
    );
  }
}
