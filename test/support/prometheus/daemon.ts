// Long-running processes a test starts (Prometheus, node_exporter, Alertmanager): their output kept for failure
// messages, a graceful stop, waiting until one is ready, and whether the binaries are installed.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { poll } from '../poll.js';

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

/**
 * Waits until `url`/-/ready answers (Prometheus and Alertmanager, once started); otherwise runs `stop` and throws
 * with the daemon's output.
 */
export async function waitForReady(url: string, daemon: Daemon, stop: () => Promise<void>): Promise<void> {
  try {
    await poll(
      async () => (await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2000) })).ok,
      15_000,
      () => daemon.output(),
      { intervalMs: 100, ignoreErrors: true },
    );
  } catch (e) {
    await stop();
    throw e;
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
