// Where the demo cluster's recorded reports (demo/cluster/<node>.txt) are: found by walking up from this module, so
// the same code finds them from src/ (development), dist/ (built) and dist/'s bundle (an installed package).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding node-1.txt … node-7.txt, the nearest `demo/cluster` above `from`; throws when there is none. */
export function demoClusterDir(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    const candidate = join(dir, 'demo', 'cluster');
    if (existsSync(join(candidate, 'node-1.txt'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`demo/cluster not found above ${dirname(from)}`);
    dir = parent;
  }
}
