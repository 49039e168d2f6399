// Every file of the pure diagnosis engine (domain, input, parse, analyze, render) opens with a `//` comment saying
// what it is for, so a newcomer can read the folders file by file.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const FOLDERS = ['domain', 'input', 'parse', 'analyze', 'render'];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

describe('the diagnosis engine', () => {
  it('has an opening comment on every file', () => {
    const sources = FOLDERS.flatMap((folder) => files(join(root, 'src', folder)));
    expect(sources.length).toBeGreaterThan(100);
    const without = sources
      .filter((file) => !readFileSync(file, 'utf8').startsWith('// '))
      .map((file) => relative(root, file));
    expect(without).toEqual([]);
  });
});
