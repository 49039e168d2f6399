import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const src = join(root, 'src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

/** The functional core: parsing, analysis and rendering know nothing of Slack, Redis, Kubernetes or the OS. */
const CORE = [
  'domain',
  'input',
  'parse',
  'analyze',
  'render',
  'exec',
  'sweep',
  'crosscheck',
  'alerts',
  'incident',
  'chatops',
];
const FORBIDDEN =
  /from ['"](@slack\/|bullmq|ioredis|@kubernetes\/client-node|node:child_process|node:fs|node:net|node:http)/;

describe('architecture', () => {
  it('keeps the core free of I/O and platform imports', () => {
    const offenders = CORE.flatMap((dir) => files(join(src, dir)))
      .filter((file) => FORBIDDEN.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    expect(offenders).toEqual([]);
  });

  it('keeps the core from importing adapters or the CLI', () => {
    const offenders = CORE.flatMap((dir) => files(join(src, dir)))
      .filter((file) => /from ['"][./]*(adapters|cli)\//.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    expect(offenders).toEqual([]);
  });

  it('lists every src folder in ARCHITECTURE.md', () => {
    const doc = readFileSync(join(root, 'ARCHITECTURE.md'), 'utf8');
    const dirs = readdirSync(src, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    for (const dir of dirs) expect(doc, `ARCHITECTURE.md mentions src/${dir}/`).toContain(`${dir}/`);
  });
});
