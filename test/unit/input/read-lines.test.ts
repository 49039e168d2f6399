import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/input/input-error.js';
import { MAX_LINE_BYTES, readLines } from '../../../src/input/read-lines.js';

async function collect(chunks: (Buffer | string)[]): Promise<string[]> {
  const out: string[] = [];
  for await (const line of readLines(
    (async function* () {
      yield* chunks;
    })(),
  ))
    out.push(line);
  return out;
}

describe('readLines', () => {
  it('joins lines split across chunks, including inside a UTF-8 character', async () => {
    const bytes = Buffer.from('cpu=0 found=1\n§ drop=2\nlast');
    const cut = bytes.indexOf(0xa7); // second byte of "§"
    expect(await collect([bytes.subarray(0, 5), bytes.subarray(5, cut), bytes.subarray(cut)])).toEqual([
      'cpu=0 found=1',
      '§ drop=2',
      'last',
    ]);
  });

  it('keeps carriage returns for the cleaner and empty lines in place', async () => {
    expect(await collect(['a\r\n\nb\n'])).toEqual(['a\r', '', 'b']);
  });

  it('cuts absurdly long lines instead of growing without bound', async () => {
    const long = 'x'.repeat(MAX_LINE_BYTES + 10);
    const lines = await collect([long.slice(0, 1000), long.slice(1000), '\nnext\n']);
    expect(lines.map((l) => l.length)).toEqual([MAX_LINE_BYTES, 4]);
  });

  it('rejects empty and binary input with a clear error', async () => {
    await expect(collect([])).rejects.toThrow(InputError);
    await expect(collect([])).rejects.toThrow(/empty/);
    await expect(collect([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x00, 0x00])])).rejects.toThrow(/binary/);
  });
});
