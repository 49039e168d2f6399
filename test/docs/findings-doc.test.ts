import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../src/diagnose.js';
import { loadRealFixtures } from '../unit/golden/real-fixtures.js';

const root = new URL('../../', import.meta.url).pathname;
const catalogue = readFileSync(join(root, 'docs/findings.md'), 'utf8');

/** Ids in the first column of the catalogue's tables. */
function documentedIds(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/^\|\s*`([a-z0-9-]+\.[a-z0-9-]+)`\s*\|/gm)].map((m) => m[1]!));
}

function requiredIds(markdown: string): string[] {
  const section = markdown.split(/^## Required ids/m)[1]?.split(/^## /m)[0] ?? '';
  return [...documentedIds(section)];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sourceFiles(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

/** `id: 'area.name'` in a finding literal, or a constant such as `const ID = 'area.name'`. */
const ID_LITERAL = /(?:\bid:\s*|\b[A-Z_]*ID\s*=\s*)['"`]([a-z0-9-]+\.[a-z0-9-]+)['"`]/g;

describe('docs/findings.md', () => {
  const documented = documentedIds(catalogue);

  it('documents every finding id the analyzers can emit', () => {
    const inSource = new Set(
      sourceFiles(join(root, 'src/analyze')).flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(ID_LITERAL)].map((m) => m[1]!),
      ),
    );
    const undocumented = [...inSource].filter((id) => !documented.has(id));
    expect(undocumented).toEqual([]);
  });

  it('documents every id emitted on the real fixtures', () => {
    const emitted = new Set(loadRealFixtures().flatMap((f) => diagnoseText(f.input).findings.map((x) => x.id)));
    expect([...emitted].filter((id) => !documented.has(id))).toEqual([]);
  });

  it('has every required id implemented by an analyzer', () => {
    const source = sourceFiles(join(root, 'src/analyze'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const missing = requiredIds(catalogue).filter((id) => !source.includes(`'${id}'`) && !source.includes(`"${id}"`));
    expect(missing).toEqual([]);
  });
});
