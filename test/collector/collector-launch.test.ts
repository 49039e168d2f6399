// The short launchers that start the collector in a pod (agent image copy checked by hash, script on stdin that is
// never closed, script in the environment), run under busybox sh, dash and bash as a container's sh would run them.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  bakedCollectorCommand,
  COLLECTOR_ENV,
  envCollectorCommand,
  LAUNCH_EXIT,
  launchProblem,
  stdinCollectorCommand,
} from '../../src/adapters/k8s/collector-launch.js';
import { collectorSha256, readCollectorScript } from '../../src/collector/collector-script.js';
import { removeTempDirs, tempDir, which } from './collector-helpers.js';

afterAll(removeTempDirs);

const SCRIPT = readCollectorScript();
const SHELLS = [['busybox', 'sh'], ['dash'], ['bash']].filter(([bin]) => which(bin!));
const ARGS = ['--interval', '0', '--only', 'basics'];

interface Run {
  exitCode: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Runs `command` (`['sh', '-c', LAUNCHER, ...]`) with `shell` instead of sh; `stdin` is written and never closed. */
function launch(shell: string[], command: string[], options: { stdin?: string; env?: Record<string, string> } = {}) {
  const [, c, launcher, ...rest] = command;
  return new Promise<Run>((resolve, reject) => {
    const child = spawn(shell[0]!, [...shell.slice(1), c!, launcher!, ...rest], {
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    if (options.stdin !== undefined) {
      child.stdin?.on('error', () => undefined);
      child.stdin?.write(options.stdin);
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      child.stdin?.destroy();
      resolve({ exitCode, stdout: Buffer.concat(out), stderr });
    });
  });
}

function expectReport(run: Run): void {
  expect(run.exitCode, run.stderr).toBe(0);
  expect(run.stdout.toString()).toMatch(/^#netcheck report version=1 [\s\S]*\n#netcheck end sections=1 bytes=\d+\n$/);
}

describe.each(SHELLS.map((shell) => [shell.join(' '), shell] as const))('the launchers under %s', (_name, shell) => {
  const dir = tempDir('launch');
  const baked = join(dir, 'collector.sh');
  writeFileSync(baked, SCRIPT);
  const other = join(dir, 'other.sh');
  writeFileSync(other, `${SCRIPT}# another version\n`);

  it('runs the baked copy when its SHA-256 matches', async () => {
    expectReport(await launch(shell, bakedCollectorCommand(baked, collectorSha256(SCRIPT), ARGS)));
  });

  it('refuses another copy, or none, with its exit status and a line netcheck reads', async () => {
    const mismatch = await launch(shell, bakedCollectorCommand(other, collectorSha256(SCRIPT), ARGS));
    expect(mismatch).toMatchObject({ exitCode: LAUNCH_EXIT, stdout: Buffer.alloc(0) });
    expect(launchProblem(mismatch)).toEqual({
      kind: 'mismatch',
      found: collectorSha256(`${SCRIPT}# another version\n`),
      path: other,
    });
    const absent = await launch(shell, bakedCollectorCommand(join(dir, 'none.sh'), collectorSha256(SCRIPT), ARGS));
    expect(launchProblem(absent)).toEqual({ kind: 'absent', path: join(dir, 'none.sh') });
  });

  it('runs the script read from a stdin that never ends', async () => {
    expectReport(await launch(shell, stdinCollectorCommand(SCRIPT, ARGS), { stdin: SCRIPT }));
  });

  it('runs the script from the environment, and refuses one of another length', async () => {
    expectReport(await launch(shell, envCollectorCommand(SCRIPT, ARGS), { env: { [COLLECTOR_ENV]: SCRIPT } }));
    const cut = await launch(shell, envCollectorCommand(SCRIPT, ARGS), { env: { [COLLECTOR_ENV]: SCRIPT.slice(9) } });
    expect(launchProblem(cut)).toEqual({ kind: 'env', received: SCRIPT.length - 9, expected: SCRIPT.length });
  });
});

describe('the collector script', () => {
  it('is ASCII, so the launchers count its bytes as characters in any locale', () => {
    const outside = [...SCRIPT].filter((char) => char !== '\t' && char !== '\n' && (char < ' ' || char > '~'));
    expect(outside).toEqual([]);
  });
});
