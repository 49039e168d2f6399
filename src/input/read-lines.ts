import { InputError } from './input-error.js';

/** Lines longer than this are cut (and still counted); no real command output comes close. */
export const MAX_LINE_BYTES = 1 << 20;
const NEWLINE = 0x0a;
const SNIFF_BYTES = 65536;

/**
 * Splits a byte stream into lines (without their newline), one batch of lines per chunk, with bounded memory
 * whatever the input size. Batches keep the per-line cost low on inputs of millions of lines.
 * Throws InputError for empty or binary input (a NUL byte in the first 64 KiB).
 */
export async function* readLineBatches(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string[]> {
  let carry: Buffer | undefined;
  let seen = 0;
  for await (const raw of chunks) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    if (chunk.length === 0) continue;
    if (seen < SNIFF_BYTES) checkText(chunk.subarray(0, SNIFF_BYTES - seen));
    seen += chunk.length;
    const batch: string[] = [];
    let start = 0;
    let nl = chunk.indexOf(NEWLINE);
    if (carry && nl >= 0) {
      const joined = Buffer.concat([carry, chunk.subarray(0, nl)]);
      carry = undefined;
      batch.push(joined.toString('utf8', 0, Math.min(joined.length, MAX_LINE_BYTES)));
      start = nl + 1;
      nl = chunk.indexOf(NEWLINE, start);
    }
    while (nl >= 0) {
      batch.push(chunk.toString('utf8', start, Math.min(nl, start + MAX_LINE_BYTES)));
      start = nl + 1;
      nl = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      carry = carry ? Buffer.concat([carry, rest]) : Buffer.from(rest);
      if (carry.length > MAX_LINE_BYTES) carry = carry.subarray(0, MAX_LINE_BYTES);
    }
    if (batch.length > 0) yield batch;
  }
  if (seen === 0)
    throw new InputError('empty', 'the input is empty: give a file with command output, or pipe it on stdin');
  if (carry && carry.length > 0) yield [carry.toString('utf8')];
}

/** Like readLineBatches, one line at a time. */
export async function* readLines(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  for await (const batch of readLineBatches(chunks)) yield* batch;
}

function checkText(bytes: Buffer): void {
  if (bytes.includes(0)) {
    throw new InputError(
      'binary',
      'the input is binary (it contains NUL bytes), not command output: netcheck reads text such as a collector report or a pasted command output',
    );
  }
}
