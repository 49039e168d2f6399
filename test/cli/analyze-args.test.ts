import { describe, expect, it } from 'vitest';
import { analyzeArgs } from '../../src/cli/analyze-args.js';
import { fixture, runInProcess } from './run-cli.js';

describe('analyzeArgs: the plain analyze call, recognised without commander', () => {
  it('takes FILE or -, --json and --no-color in any order', () => {
    expect(analyzeArgs(['analyze', 'r.txt'])).toEqual({ file: 'r.txt', options: { color: true } });
    expect(analyzeArgs(['analyze', '--json', 'r.txt'])).toEqual({
      file: 'r.txt',
      options: { color: true, json: true },
    });
    expect(analyzeArgs(['analyze', 'r.txt', '--no-color'])).toEqual({ file: 'r.txt', options: { color: false } });
    expect(analyzeArgs(['analyze', '-', '--json'])).toEqual({ file: '-', options: { color: true, json: true } });
    expect(analyzeArgs(['analyze'])).toEqual({ file: undefined, options: { color: true } });
  });

  it('leaves everything else to commander', () => {
    for (const args of [
      [],
      ['collect', '--local'],
      ['analyze', '--help'],
      ['analyze', '-h'],
      ['analyze', '--', 'r.txt'],
      ['analyze', 'a.txt', 'b.txt'],
      ['analyze', '--jsonx', 'r.txt'],
      ['analyze', '-x'],
      ['analyze', ''],
      ['--json', 'analyze', 'r.txt'],
    ]) {
      expect(analyzeArgs(args), args.join(' ')).toBeUndefined();
    }
  });

  it('gives what commander gives for the same call (`--` sends it to commander)', async () => {
    const file = fixture('a-conntrack-l-dns-tcp-timewait-k8s-91216');
    for (const [quick, full] of [
      [
        ['analyze', '--json', file],
        ['analyze', '--json', '--', file],
      ],
      [
        ['analyze', file, '--no-color'],
        ['analyze', '--no-color', '--', file],
      ],
      [
        ['analyze', 'no-such-file.txt'],
        ['analyze', '--', 'no-such-file.txt'],
      ],
    ]) {
      expect(analyzeArgs(quick!)).toBeDefined();
      expect(analyzeArgs(full!)).toBeUndefined();
      const a = await runInProcess(quick!, { FORCE_COLOR: '1' });
      expect(a).toEqual(await runInProcess(full!, { FORCE_COLOR: '1' }));
    }
  });
});
