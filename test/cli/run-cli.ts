import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import type { CliIo } from '../../src/cli/cli-io.js';
import { main } from '../../src/cli.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'netcheck.js');
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'real');
export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Written to stdin (then closed); without it stdin is empty (closed at once), never a TTY. */
  input?: string | Buffer | Readable;
  env?: Record<string, string | undefined>;
  cwd?: string;
}

/** The environment a user's shell would give, without colour settings unless a test sets them. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['FORCE_COLOR', 'NO_COLOR', 'CLICOLOR_FORCE', 'NODE_OPTIONS']) delete env[key];
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Runs any program with an argv array (never through a shell) and collects its output. */
export function runProgram(command: string, args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: cleanEnv(options.env) });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }),
    );
    child.stdin.on('error', () => {}); // EPIPE when the program exits before reading everything
    const input = options.input;
    if (input === undefined) child.stdin.end();
    else if (typeof input === 'string' || Buffer.isBuffer(input)) child.stdin.end(input);
    else input.pipe(child.stdin);
  });
}

/** Runs the built CLI as a user does: `node bin/netcheck.js ...args`. */
export function netcheck(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return runProgram(process.execPath, [BIN, ...args], options);
}

export function builtCliExists(): boolean {
  return existsSync(join(ROOT, 'dist', 'netcheck.mjs'));
}

export function fixture(name: string): string {
  return join(FIXTURES, name, 'input.txt');
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour sequences start with ESC.
export const ANSI = /\u001b\[/;

/** `netcheck ARGS` in-process through src/cli.ts, with captured output, an empty stdin and the given environment. */
export async function runInProcess(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  stderrIsTTY = false,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const sink = (into: Buffer[]) =>
    new Writable({
      write(chunk, _encoding, done) {
        into.push(Buffer.from(chunk));
        done();
      },
    });
  const io: CliIo = {
    stdout: sink(out),
    stderr: Object.assign(sink(err), { isTTY: stderrIsTTY }),
    stdin: Readable.from([]),
    env,
  };
  const code = await main(args, io);
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}
