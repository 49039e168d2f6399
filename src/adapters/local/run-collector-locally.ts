// Runs the collector script on this machine (`netcheck collect --local`, the test lab). The script is one argv element
// after `sh -c`; nothing is ever built into a shell string, stdin is closed, and a client-side deadline ends the
// whole process group.
import { spawn } from 'node:child_process';
import { COLLECTOR_SCRIPT_NAME, readCollectorScript } from '../../collector/collector-script.js';

export type RunCollectorLocallyOptions = {
  /** Collector argv, e.g. from `collectorArgs()`. @defaultValue [] */
  args?: readonly string[];
  /** Script text. @defaultValue readCollectorScript() */
  script?: string;
  /**
   * Command that runs the script, before `-c SCRIPT`: `['sh']`, `['busybox', 'sh']`, `['dash']`,
   * `['ip', 'netns', 'exec', 'lab', 'sh']`. @defaultValue ['sh']
   */
  shell?: readonly string[];
  /** Client-side deadline in milliseconds; then SIGTERM to the process group, SIGKILL after `killGraceMs`. */
  timeoutMs?: number;
  /** @defaultValue 2000 */
  killGraceMs?: number;
  /** Bytes of stdout kept; the rest is read and dropped (`outputTruncated`). @defaultValue 4 MiB */
  maxOutputBytes?: number;
  /** Environment of the script. @defaultValue process.env */
  env?: NodeJS.ProcessEnv;
};

export type CollectorRun = {
  stdout: string;
  stderr: string;
  /** Exit status, or null when the process ended on a signal. */
  exitCode: number | null;
  /** True when the client-side deadline ended the run. */
  timedOut: boolean;
  signal: NodeJS.Signals | null;
  /** stdout as received (the report's byte count refers to these bytes). */
  stdoutBuffer: Buffer;
  /** True when stdout or stderr went over its cap. */
  outputTruncated: boolean;
};

const DEFAULT_TIMEOUT_MS = 90_000;
const MAX_STDERR_BYTES = 256 * 1024;

class Capped {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  overflow = false;
  constructor(private readonly limit: number) {}
  push(chunk: Buffer): void {
    const room = this.limit - this.size;
    if (room <= 0) {
      this.overflow = true;
      return;
    }
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (kept.length < chunk.length) this.overflow = true;
    this.chunks.push(kept);
    this.size += kept.length;
  }
  buffer(): Buffer {
    return Buffer.concat(this.chunks, this.size);
  }
}

export function runCollectorLocally(options: RunCollectorLocallyOptions = {}): Promise<CollectorRun> {
  const [command, ...prefix] = options.shell ?? ['sh'];
  if (!command) return Promise.reject(new TypeError('shell must name a command'));
  const script = options.script ?? readCollectorScript();
  const argv = [...prefix, '-c', script, COLLECTOR_SCRIPT_NAME, ...(options.args ?? [])];
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const killGraceMs = options.killGraceMs ?? 2000;
  const stdout = new Capped(options.maxOutputBytes ?? 4 * 1024 * 1024);
  const stderr = new Capped(MAX_STDERR_BYTES);

  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // own process group, so the deadline reaches every command the script started
      env: options.env ?? process.env,
    });
    let timedOut = false;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const signalGroup = (signal: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // the group is already gone
      }
    };
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      const stdoutBuffer = stdout.buffer();
      resolve({
        stdout: stdoutBuffer.toString('utf8'),
        stderr: stderr.buffer().toString('utf8'),
        exitCode,
        timedOut,
        signal,
        stdoutBuffer,
        outputTruncated: stdout.overflow || stderr.overflow,
      });
    };

    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => finish(code, signal));
    child.on('exit', (code, signal) => {
      // A grandchild outside the group could hold the pipes open; do not wait for it forever.
      timers.push(setTimeout(() => finish(code, signal), killGraceMs + 1000).unref());
    });

    timers.push(
      setTimeout(() => {
        timedOut = true;
        // SIGTERM lets the script stop its running command and remove its temp dir; SIGKILL if it does not end.
        signalGroup('SIGTERM');
        timers.push(setTimeout(() => signalGroup('SIGKILL'), killGraceMs).unref());
      }, timeoutMs),
    );
  });
}
