// The npm package carries the demo cluster's reports (package.json "files"), where demoClusterDir() looks for them
// from the installed dist/: demo/cluster/ at the package root.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DEMO_NODE_NAMES } from '../../../src/adapters/demo-cluster/demo-nodes.js';

describe('the packed package', () => {
  it('holds demo/cluster/node-1.txt … node-7.txt', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: new URL('../../../', import.meta.url),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const files = new Set((JSON.parse(out) as { files: { path: string }[] }[])[0]?.files.map((f) => f.path));
    for (const name of DEMO_NODE_NAMES) expect(files.has(`demo/cluster/${name}.txt`), name).toBe(true);
  }, 60_000);
});
