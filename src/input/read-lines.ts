import { isAscii } from 'node:buffer';
import { InputError } from './input-error.js';

/** Lines longer than this are cut (and still counted); no real command output comes close. */
export const MAX_LINE_BYTES = 1 << 20;
const NEWLINE = 0x0a;
const SNIFF_BYTES = 65536;

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
  let carry: Buffer | undefined;
  let seen = 0;
  return {
    push(chunk) {
      if (chunk.length === 0) return [];
      if (seen < SNIFF_BYTES) checkText(chunk.subarray(0, SNIFF_BYTES - seen));
      seen += chunk.length;
      const lines: string[] = [];
      // Lines are decoded one by one into strings of their own, so nothing keeps a whole chunk alive.
      const decode = isAscii(chunk) ? latin1 : utf8;
      let start = 0;
      let nl = chunk.indexOf(NEWLINE);
      if (carry && nl >= 0) {
        const joined = Buffer.concat([carry, chunk.subarray(0, nl)]);
        carry = undefined;
        lines.push(joined.toString('utf8', 0, Math.min(joined.length, MAX_LINE_BYTES)));
        start = nl + 1;
        nl = chunk.indexOf(NEWLINE, start);
      }
      while (nl >= 0) {
        lines.push(decode(chunk, start, Math.min(nl, start + MAX_LINE_BYTES)));
        start = nl + 1;
        nl = chunk.indexOf(NEWLINE, start);
      }
      if (start < chunk.length) {
        const rest = chunk.subarray(start);
        carry = carry ? Buffer.concat([carry, rest]) : Buffer.from(rest);
        if (carry.length > MAX_LINE_BYTES) carry = carry.subarray(0, MAX_LINE_BYTES);
      }
      return lines;
    },
    end() {
      if (seen === 0) {
        throw new InputError('empty', 'the input is empty: give a file with command output, or pipe it on stdin');
      }
      const last = carry && carry.length > 0 ? [carry.toString('utf8')] : [];
      carry = undefined;
      return last;
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
