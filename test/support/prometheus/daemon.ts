import { type ChildProcess, spawn, spawnSync } from 'node:child_process';

export { freePort } from '../free-port.js';

/** A long-running process started by a test, with its output kept for failure messages. */
export interface Daemon {
  readonly child: ChildProcess;
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

export function startDaemon(argv: readonly string[]): Daemon {
  const [command, ...args] = argv;
  if (!command) throw new TypeError('empty argv');
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-8192);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  return {
    child,
    output: () => output,
    async stop(graceMs = 3000) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `check` every 100 ms until it returns true, or throws after `timeoutMs` with `describe()`. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms: ${describe()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Why Prometheus and node_exporter (and Alertmanager, when `withAlertmanager`) cannot run here, or undefined. */
export function prometheusMissing(withAlertmanager = false): string | undefined {
  const binaries = ['prometheus', 'prometheus-node-exporter', ...(withAlertmanager ? ['prometheus-alertmanager'] : [])];
  for (const binary of binaries) {
    if (spawnSync(binary, ['--version']).status !== 0) return `${binary} is not installed (Debian package ${binary})`;
  }
  return undefined;
}
