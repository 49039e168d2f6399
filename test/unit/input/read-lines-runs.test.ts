import { describe, expect, it } from 'vitest';
import { createChunkSplitter, MAX_LINE_BYTES } from '../../../src/input/read-lines.js';

/**
 * A target that takes lines starting with `ok` as bytes, through `byteRun` (line by line, as its contract says) when
 * `runs`, and records what it got.
 */
function recorder(runs: boolean, throwOn?: string) {
  const got: string[] = [];
  const tookCalls: [number, number][] = [];
  let open = true;
  const take = (chunk: Buffer, start: number, end: number): boolean => {
    const line = chunk.toString('latin1', start, end);
    if (throwOn !== undefined && line === throwOn) throw new Error('bad line');
    if (!line.startsWith('ok')) return false;
    got.push(`bytes:${line}`);
    return true;
  };
  const target = {
    bytes: (chunk: Buffer, start: number, end: number) => {
      try {
        return open && take(chunk, start, end);
      } catch {
        return false;
      }
    },
    text: (line: string) => {
      got.push(`text:${line}`);
      open = line !== 'close';
    },
    ...(runs
      ? {
          byteRun: () =>
            open
              ? (chunk: Buffer, start: number, end: number) => {
                  let lines = 0;
                  let at = start;
                  for (let nl = chunk.indexOf(10, at); nl >= 0 && nl < end; nl = chunk.indexOf(10, at)) {
                    if (nl - at > MAX_LINE_BYTES || !take(chunk, at, nl)) break;
                    lines++;
                    at = nl + 1;
                  }
                  return { lines, end: at };
                }
              : undefined,
          took: (lines: number, bytes: number) => {
            tookCalls.push([lines, bytes]);
            got.push(`took:${lines}`);
          },
        }
      : {}),
  };
  return { target, got, tookCalls };
}

function split(text: string, sizes: number[], runs: boolean, throwOn?: string) {
  const r = recorder(runs, throwOn);
  const splitter = createChunkSplitter(r.target);
  const bytes = Buffer.from(text);
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const size = sizes[k % sizes.length]!;
    splitter.push(bytes.subarray(at, at + size));
    at += size;
  }
  splitter.end();
  return r;
}

const TEXT = [
  'ok 1',
  'ok 2',
  'no 3',
  'ok 4 $ decorated',
  'ok 5',
  'close',
  'ok 6',
  'no 7',
  'ok 8',
  'ok 9\r',
  'ok 10',
  `ok ${'x'.repeat(40)}`,
  'é ok',
  'ok 11',
].join('\n');

describe('createChunkSplitter: runs of lines through byteRun', () => {
  it('takes the same lines as bytes, in order, as the one-line lane does, with took() before anything else', () => {
    for (const sizes of [[1 << 20], [7], [13, 5, 31], [50]]) {
      const one = split(`${TEXT}\n`, sizes, false).got;
      const run = split(`${TEXT}\n`, sizes, true);
      expect(run.got.filter((g) => !g.startsWith('took:'))).toEqual(one);
      // `took` follows the lines it counts, before the next text line.
      let pending = 0;
      for (const g of run.got) {
        if (g.startsWith('bytes:')) pending++;
        else if (g.startsWith('took:')) {
          expect(Number(g.slice(5))).toBeLessThanOrEqual(pending);
          pending -= Number(g.slice(5));
        } else expect(pending).toBe(0);
      }
      expect(pending).toBe(0);
    }
  });

  it('counts the bytes of the lines it took, newlines included', () => {
    const { tookCalls } = split('ok a\nok bb\nno\nok ccc\n', [1 << 20], true);
    expect(tookCalls).toEqual([
      [2, 11],
      [1, 7],
    ]);
  });

  it('a line whose one-line taker throws goes as text; lines over MAX_LINE_BYTES are cut and go as text', () => {
    const { got } = split('ok 1\nok boom\nok 2\n', [1 << 20], false, 'ok boom');
    expect(got).toEqual(['bytes:ok 1', 'text:ok boom', 'bytes:ok 2']);
    const long = `ok ${'y'.repeat(MAX_LINE_BYTES)}`;
    const cut = split(`ok 1\n${long}\nok 2\n`, [MAX_LINE_BYTES * 4], true).got;
    expect(cut.map((g) => g.slice(0, 12))).toEqual([
      'bytes:ok 1',
      'took:1',
      `text:${long.slice(0, 7)}`,
      'bytes:ok 2',
      'took:1',
    ]);
    expect(cut[2]!.length).toBe('text:'.length + MAX_LINE_BYTES);
  });
});
