import { InputError } from './input-error.js';

/** Lines longer than this are cut (and still counted); no real command output comes close. */
export const MAX_LINE_BYTES = 1 << 20;
const NEWLINE = 0x0a;

/**
 * Splits a byte stream into lines (without their newline) with bounded memory, whatever the input size.
 * Throws InputError for empty or binary input (a NUL byte in the first 64 KiB).
 */
export async function* readLines(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  let carry: Buffer | undefined;
  let seen = 0;
  for await (const raw of chunks) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    if (chunk.length === 0) continue;
    if (seen < 65536) checkText(chunk.subarray(0, 65536 - seen));
    seen += chunk.length;
    let start = 0;
    let nl = chunk.indexOf(NEWLINE, start);
    if (carry && nl >= 0) {
      const joined = Buffer.concat([carry, chunk.subarray(0, nl)]);
      carry = undefined;
      yield joined.toString('utf8', 0, Math.min(joined.length, MAX_LINE_BYTES));
      start = nl + 1;
      nl = chunk.indexOf(NEWLINE, start);
    }
    while (nl >= 0) {
      yield chunk.toString('utf8', start, Math.min(nl, start + MAX_LINE_BYTES));
      start = nl + 1;
      nl = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      carry = carry ? Buffer.concat([carry, rest]) : Buffer.from(rest);
      if (carry.length > MAX_LINE_BYTES) carry = carry.subarray(0, MAX_LINE_BYTES);
    }
  }
  if (seen === 0)
    throw new InputError('empty', 'the input is empty: give a file with command output, or pipe it on stdin');
  if (carry && carry.length > 0) yield carry.toString('utf8');
}

function checkText(bytes: Buffer): void {
  if (bytes.includes(0)) {
    throw new InputError(
      'binary',
      'the input is binary (it contains NUL bytes), not command output: netcheck reads text such as a collector report or a pasted command output',
    );
  }
}
