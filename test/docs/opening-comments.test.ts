// Every source file (all of src/, core, app, adapters, main and CLI alike, and the shared test helpers in
// test/support/) opens with a `//` comment saying what it is for, so a newcomer can read the folders file by file.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(join(dir, d.name)) : /\.(ts|mjs)$/.test(d.name) ? [join(dir, d.name)] : [],
  );
}

/** The files of `folder` (relative to the repository) that do not open with a `// ` comment. */
function withoutComment(folder: string): string[] {
  return files(join(root, folder))
    .filter((file) => !readFileSync(file, 'utf8').startsWith('// '))
    .map((file) => relative(root, file));
}

describe('opening comments', () => {
  it('open every file of src/', () => {
    expect(files(join(root, 'src')).length).toBeGreaterThan(300);
    expect(withoutComment('src')).toEqual([]);
  });

  it('open every shared test helper in test/support/', () => {
    expect(files(join(root, 'test/support')).length).toBeGreaterThan(20);
    expect(withoutComment('test/support')).toEqual([]);
  });
});
