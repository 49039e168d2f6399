// deploy/README.md's "What is here" table stays true: each row names a path that exists, and every file under
// deploy/ is in a row (itself or its folder).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deployDir, repoRoot } from './load-manifests.js';

const readme = readFileSync(join(repoRoot, 'deploy/README.md'), 'utf8');
const table = readme.slice(
  readme.indexOf('| Path | What |'),
  readme.indexOf('\n\n', readme.indexOf('| Path | What |')),
);
const listed = [...table.matchAll(/^\| ((?:`[^`]+`(?:, )?)+) \|/gm)].flatMap((row) =>
  [...row[1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!),
);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(join(dir, d.name)) : [relative(deployDir, join(dir, d.name))],
  );
}

describe('deploy/README.md, "What is here"', () => {
  it('names paths that exist', () => {
    expect(listed.length).toBeGreaterThan(10);
    for (const path of listed) expect(existsSync(join(deployDir, path)), path).toBe(true);
  });

  it('covers every file under deploy/ but the README', () => {
    const uncovered = files(deployDir).filter(
      (file) =>
        file !== 'README.md' &&
        !listed.some((path) => file === path || file.startsWith(path.endsWith('/') ? path : `${path}/`)),
    );
    expect(uncovered).toEqual([]);
  });
});
