import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/input/input-error.js';
import { MAX_LINE_BYTES, readLines } from '../../../src/input/read-lines.js';
import { text as anyText } from './arbitraries.js';

async function collect(chunks: Iterable<Buffer | string>): Promise<string[]> {
  async function* source() {
    yield* chunks;
  }
  const out: string[] = [];
  for await (const l of readLines(source())) out.push(l);
  return out;
}

/** What readLines must give: the lines of the text, without the empty one after a final newline. */
function expectedLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** Cuts bytes at the given positions (any byte: inside multi-byte UTF-8 characters and \r\n pairs too). */
function splitAt(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const p of points) {
    chunks.push(bytes.subarray(start, p));
    start = p;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

/** Non-empty UTF-8 text (lone surrogates cannot be encoded) without NUL, which readLines rejects as binary. */
const textInput = fc
  .oneof(
    anyText,
    fc.string({ unit: 'binary', minLength: 1, maxLength: 300 }),
    fc
      .array(fc.constantFrom('é', '€', '𝄞', '日本', '\n', '\r\n', 'a', ' ', '\u200b'), { minLength: 1, maxLength: 200 })
      .map((a) => a.join('')),
  )
  .map((t) => Buffer.from(t.slice(0, 20_000).replaceAll('\u0000', '')).toString())
  .filter((t) => t.length > 0);

describe('readLines', () => {
  it('gives the lines of the text whatever the chunk boundaries (also inside UTF-8 characters)', async () => {
    await fc.assert(
      fc.asyncProperty(textInput, fc.array(fc.nat(), { maxLength: 20 }), async (text, cuts) => {
        const chunks = splitAt(Buffer.from(text), cuts);
        expect(await collect(chunks)).toEqual(expectedLines(text));
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same lines byte by byte, in one chunk, and from string chunks', async () => {
    await fc.assert(
      fc.asyncProperty(textInput, fc.array(fc.nat(), { maxLength: 8 }), async (text, cuts) => {
        const bytes = Buffer.from(text);
        const oneByOne = [...bytes.subarray(0, 4000)].map((b) => Buffer.from([b]));
        const expected = expectedLines(text);
        if (bytes.length <= 4000) expect(await collect(oneByOne)).toEqual(expected);
        expect(await collect([bytes])).toEqual(expected);
        // String chunks cut between UTF-16 code units only where no surrogate pair is split.
        const codePoints = [...text];
        const stringChunks = splitAt(Buffer.from(codePoints.map((_, i) => i)), cuts).map((part) =>
          [...part].map((i) => codePoints[i]).join(''),
        );
        if (codePoints.length < 256) expect(await collect(stringChunks)).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('rejects empty input, and NUL bytes in the first 64 KiB as binary, whatever the chunking', async () => {
    await expect(collect([])).rejects.toMatchObject({ code: 'empty' });
    await expect(collect([Buffer.alloc(0), ''])).rejects.toBeInstanceOf(InputError);
    await fc.assert(
      fc.asyncProperty(textInput, fc.nat(), fc.array(fc.nat(), { maxLength: 6 }), async (text, at, cuts) => {
        const bytes = Buffer.from(text);
        const pos = at % (Math.min(bytes.length, 65535) + 1);
        const withNul = Buffer.concat([bytes.subarray(0, pos), Buffer.from([0]), bytes.subarray(pos)]);
        await expect(collect(splitAt(withNul, cuts))).rejects.toMatchObject({ code: 'binary' });
      }),
      { numRuns: 100 },
    );
  });

  it('accepts a NUL byte after the first 64 KiB', async () => {
    const head = Buffer.from(`${'x'.repeat(99)}\n`.repeat(700));
    const lines = await collect([head.subarray(0, 1000), head.subarray(1000), Buffer.from('a\u0000b\n')]);
    expect(lines).toHaveLength(701);
    expect(lines.at(-1)).toBe('a\u0000b');
  });

  it('cuts lines longer than MAX_LINE_BYTES but keeps every line, across chunk boundaries', async () => {
    const long = 'y'.repeat(MAX_LINE_BYTES + 12345);
    const text = `first\n${long}\nmiddle\n${long}`;
    const bytes = Buffer.from(text);
    for (const cuts of [[], [3, 10, MAX_LINE_BYTES - 5, MAX_LINE_BYTES + 20], [MAX_LINE_BYTES + 7, bytes.length - 3]]) {
      const got = await collect(splitAt(bytes, cuts));
      expect(got.map((l) => l.length)).toEqual([5, MAX_LINE_BYTES, 6, MAX_LINE_BYTES]);
    }
  });
});
