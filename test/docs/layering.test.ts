// The layers of ARCHITECTURE.md, enforced: every import of src/ against the allowed table (test/support/import-graph.ts),
// no folder cycles; and the checker itself fails on planted violations, so a broken checker cannot pass silently.
import { describe, expect, it } from 'vitest';
import {
  folderCycles,
  type ImportEdge,
  importsOf,
  layeringViolations,
  readImportGraph,
} from '../support/import-graph.js';

const SRC = new URL('../../src/', import.meta.url).pathname;

const edge = (from: string, to: string): ImportEdge => ({ from, to, external: false });
const pkg = (from: string, to: string): ImportEdge => ({ from, to, external: true });

describe('layering of src/', () => {
  const graph = readImportGraph(SRC);

  it('reads the imports of every file', () => {
    expect(graph.length).toBeGreaterThan(500);
    expect(graph).toContainEqual(edge('cli/serve-command.ts', 'main/start-service.ts'));
  });

  it('has no import the table forbids', () => {
    expect(layeringViolations(graph)).toEqual([]);
  });

  it('has no cycle between folders', () => {
    expect(folderCycles(graph)).toEqual([]);
  });
});

describe('the layering checker', () => {
  it('reads static, type-only, re-export and dynamic imports', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from '../b/b.js';",
      "export { c } from './c.js';",
      "const d = await import('../adapters/k8s/d.js');",
      "import { readFileSync } from 'node:fs';",
    ].join('\n');
    expect(importsOf('app/x.ts', text).map((e) => e.to)).toEqual([
      'app/a.ts',
      'b/b.ts',
      'app/c.ts',
      'adapters/k8s/d.ts',
      'node:fs',
    ]);
  });

  it('fails on each kind of planted violation', () => {
    const planted = [
      edge('parse/x.ts', 'adapters/redis/y.ts'),
      edge('app/x.ts', 'main/config.ts'),
      edge('adapters/slack/x.ts', 'adapters/redis/y.ts'),
      edge('adapters/slack/x.ts', 'main/logger.ts'),
      edge('main/x.ts', 'cli/program.ts'),
      edge('render/x.ts', 'serve/ports.ts'),
      pkg('analyze/x.ts', 'node:fs'),
      pkg('sweep/x.ts', 'node:child_process'),
      pkg('app/x.ts', 'bullmq'),
      pkg('incident/x.ts', 'ioredis'),
      pkg('exec/x.ts', '@kubernetes/client-node'),
      pkg('chatops/x.ts', '@slack/bolt'),
    ];
    for (const violation of planted) expect(layeringViolations([violation]), violation.from).toHaveLength(1);
  });

  it('allows what the table allows', () => {
    const allowed = [
      edge('cli/x.ts', 'main/start-service.ts'),
      edge('main/x.ts', 'adapters/redis/y.ts'),
      edge('adapters/redis/x.ts', 'app/ports/incident-store.ts'),
      edge('adapters/redis/x.ts', 'adapters/redis/y.ts'),
      edge('adapters/k8s/x.ts', 'collector/collector-script.ts'),
      edge('app/x.ts', 'incident/incident.ts'),
      edge('parse/x.ts', 'domain/report.ts'),
      pkg('alerts/x.ts', 'node:crypto'),
      pkg('adapters/redis/x.ts', 'ioredis'),
      pkg('app/x.ts', 'node:crypto'),
    ];
    expect(layeringViolations(allowed)).toEqual([]);
  });

  it('finds a cycle between folders through any path', () => {
    const cycle = [edge('a/x.ts', 'b/y.ts'), edge('b/y.ts', 'c/z.ts'), edge('c/z.ts', 'a/w.ts')];
    expect(folderCycles(cycle)).toEqual(['a → b → c → a']);
    expect(folderCycles(cycle.slice(0, 2))).toEqual([]);
  });
});
