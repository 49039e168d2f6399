// Build check, in the integration lane (it compiles the AssemblyScript source, ~15 s): the committed generated
// WebAssembly scanner is what `npm run build:wasm` writes from src/parse/conntrack/wasm/.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('the WebAssembly line scanner', () => {
  it('is built from its source: src/parse/conntrack/conntrack-scan.generated.ts is what npm run build:wasm writes', () => {
    const out = execFileSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], { encoding: 'utf8' });
    expect(out).toContain('is current');
  }, 60_000);
});
