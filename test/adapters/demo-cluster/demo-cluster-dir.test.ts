// demo/cluster is found from the module's own place: from src/ (development) and from dist/ or its bundle (built).
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoClusterDir } from '../../../src/adapters/demo-cluster/demo-cluster-dir.js';

const root = mkdtempSync(join(tmpdir(), 'demo-dir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('demoClusterDir', () => {
  it("finds the repository's demo/cluster from src/", () => {
    expect(existsSync(join(demoClusterDir(), 'node-1.txt'))).toBe(true);
    expect(existsSync(join(demoClusterDir(), 'node-7.txt'))).toBe(true);
  });

  it('finds an installed package root from dist/adapters/demo-cluster/ and from the dist/ bundle', () => {
    mkdirSync(join(root, 'pkg', 'demo', 'cluster'), { recursive: true });
    writeFileSync(join(root, 'pkg', 'demo', 'cluster', 'node-1.txt'), '');
    const expected = join(root, 'pkg', 'demo', 'cluster');
    expect(demoClusterDir(join(root, 'pkg', 'dist', 'adapters', 'demo-cluster', 'demo-cluster-dir.js'))).toBe(expected);
    expect(demoClusterDir(join(root, 'pkg', 'dist', 'netcheck.mjs'))).toBe(expected);
  });

  it('says where it looked when there is none', () => {
    expect(() => demoClusterDir(join(root, 'empty', 'x.js'))).toThrow(/demo\/cluster not found/);
  });
});
