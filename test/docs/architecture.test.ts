import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const src = join(root, 'src');

describe('architecture', () => {
  it('lists every src folder in ARCHITECTURE.md', () => {
    const doc = readFileSync(join(root, 'ARCHITECTURE.md'), 'utf8');
    const dirs = readdirSync(src, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    for (const dir of dirs) expect(doc, `ARCHITECTURE.md mentions src/${dir}/`).toContain(`${dir}/`);
  });
});
