// The package as npm users get it: `npm pack` of this checkout (built by `npm test`'s pretest), installed into an
// empty folder with production dependencies only (from npm's cache where it can), then its commands run from that
// folder: `netcheck analyze` gives what the checkout's CLI gives, `netcheck collector` prints the collector,
// `netcheck serve --help` and `kubectl-netcheck --help` answer.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, FIXTURES, ROOT, runProgram } from './run-cli.js';

const FIXTURE = join(FIXTURES, 'a-dmesg-T-table-full-kube-proxy-max-k8s-71261', 'input.txt');
let dir = '';
let files: string[] = [];
const installed = (name: string) => join(dir, 'app', 'node_modules', '.bin', name);

async function npm(args: string[], cwd: string): Promise<string> {
  const r = await runProgram('npm', [...args, '--no-audit', '--no-fund'], { cwd });
  if (r.code !== 0) throw new Error(`npm ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'netcheck-pack-'));
  // dist/ is already built: --ignore-scripts skips `prepare` (another build).
  const packed = JSON.parse(await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT));
  files = packed[0].files.map((f: { path: string }) => f.path);
  const app = join(dir, 'app');
  await runProgram('mkdir', [app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'try-netcheck', private: true }));
  await npm(['install', '--prefer-offline', '--omit=dev', join(dir, packed[0].filename)], app);
}, 600_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the npm package', () => {
  it('holds the commands, the bundled CLI, the collector and the docs; no sources, tests or source maps', () => {
    expect(files).toEqual(expect.arrayContaining(['bin/netcheck.js', 'bin/kubectl-netcheck.js', 'dist/netcheck.mjs']));
    expect(files).toContain('dist/collector/collector.sh');
    expect(files).toContain('docs/findings.md');
    expect(files).toContain('LICENSE');
    for (const file of files) expect(file, file).not.toMatch(/^(src|test|bench|scripts|deploy)\/|\.map$/);
  });

  it('netcheck analyze FILE gives the same JSON as the checkout', async () => {
    const fromPackage = await runProgram(installed('netcheck'), ['analyze', '--json', FIXTURE], { cwd: dir });
    const fromCheckout = await runProgram(process.execPath, [BIN, 'analyze', '--json', FIXTURE]);
    expect(fromPackage.stderr).toBe('');
    expect(fromPackage.code).toBe(fromCheckout.code);
    expect(JSON.parse(fromPackage.stdout)).toEqual(JSON.parse(fromCheckout.stdout));
    expect(JSON.parse(fromPackage.stdout).findings.map((f: { id: string }) => f.id)).toContain('conntrack.table-full');
  });

  it('netcheck collector prints the collector script the package ships', async () => {
    const r = await runProgram(installed('netcheck'), ['collector'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(ROOT, 'src/collector/collector.sh'), 'utf8'));
  });

  it('netcheck serve --help and kubectl-netcheck --help answer', async () => {
    const serve = await runProgram(installed('netcheck'), ['serve', '--help'], { cwd: dir });
    expect(serve.code).toBe(0);
    expect(serve.stdout).toContain('Usage: netcheck serve');
    expect(serve.stdout).toContain('--role');
    const plugin = await runProgram(installed('kubectl-netcheck'), ['--help'], { cwd: dir });
    expect(plugin.code).toBe(0);
    expect(plugin.stdout).toContain('Usage:');
  });
});
