// Ready-made exec handlers for the fake apiserver: the real collector inside a lab network namespace, and the ways
// an exec goes wrong on a real cluster (stderr-only failure, cut output, a stalled stream, a runtime error).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname } from 'node:path';
import { AGENT_COLLECTOR_PATH } from '../../src/adapters/k8s/collector-launch.js';
import { readCollectorScript } from '../../src/collector/collector-script.js';
import type { ExecContext, ExecHandler, ExecOutcome } from './fake-kube-exec.js';

/** What the container's image carries, as deploy/agent/Dockerfile builds it. */
export interface AgentImage {
  /** The collector at AGENT_COLLECTOR_PATH; null for an image without it. @defaultValue src/collector/collector.sh */
  collector?: string | null;
}

/** Writes fixed output and ends with `exitCode`. */
export function scriptedExec(output: {
  stdout?: string;
  stderr?: string;
  exitCode?: number;
  delayMs?: number;
}): ExecHandler {
  return async ({ stdout, stderr, signal }) => {
    if (output.stdout) stdout.write(output.stdout);
    if (output.stderr) stderr.write(output.stderr);
    if (output.delayMs) await sleep(output.delayMs, signal);
    return output.exitCode ?? 0;
  };
}

/** The collector could not run: a message on stderr only, exit 1. */
export function stderrOnlyFailure(message = 'sh: 1: conntrack: Permission denied\n'): ExecHandler {
  return scriptedExec({ stderr: message, exitCode: 1 });
}

/** Sends nothing, not even the opening frame, and never closes. */
export function stalledExec(): ExecHandler {
  return () => 'stall';
}

/** The runtime failed to run the command: a Failure status without an exit code. */
export function internalErrorExec(
  cause = 'error executing command in container: failed to exec in container: OCI runtime exec failed',
): ExecHandler {
  return () => ({ internalError: cause });
}

/** Passes the first `keepBytes` of `inner`'s stdout, drops the rest, and reports success: a cut transfer. */
export function truncatedExec(inner: ExecHandler, keepBytes: number): ExecHandler {
  return async (context) => {
    let sent = 0;
    const stdout = {
      write(chunk: string | Buffer) {
        const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        const room = Math.max(0, keepBytes - sent);
        if (room > 0) context.stdout.write(data.subarray(0, room));
        sent += data.length;
      },
    };
    const outcome = await inner({ ...context, stdout });
    return outcome === 'stall' ? outcome : 0;
  };
}

/**
 * Runs the command the client sent (e.g. `['sh', '-c', SCRIPT, 'netcheck-collector', '--interval', '1']`) with
 * `ip netns exec NS`, where NS is the lab network namespace `netnsOf(node)` names for the pod's node. The process group
 * is killed when the client goes away. A node without a namespace fails like a missing binary (exit 126).
 */
export function labCollectorExec(netnsOf: (node: string) => string | undefined, image: AgentImage = {}): ExecHandler {
  const withImage = imageFiles(image);
  return (context) => {
    const netns = context.node ? netnsOf(context.node) : undefined;
    if (!netns) {
      context.stderr.write(`no lab network namespace for node ${context.node ?? '(none)'}\n`);
      return 126;
    }
    return runArgv(['ip', 'netns', 'exec', netns, ...withImage(context.command)], context);
  };
}

/** Runs the command the client sent on this machine itself (the collector reads this machine's kernel). */
export function localCollectorExec(image: AgentImage = {}): ExecHandler {
  const withImage = imageFiles(image);
  return (context) => runArgv(withImage(context.command), context);
}

/**
 * Wraps argv so it sees the image's files: in a private mount namespace (`unshare -m`, root only), a tmpfs over the
 * nearest existing parent of AGENT_COLLECTOR_PATH's directory holds the collector (or nothing, for null). Without
 * root the command runs as sent: an agent pod whose image lacks the file.
 */
function imageFiles(image: AgentImage): (argv: readonly string[]) => string[] {
  const collector = image.collector === undefined ? readCollectorScript() : image.collector;
  if (process.getuid?.() !== 0) return (argv) => [...argv];
  let mountpoint = dirname(AGENT_COLLECTOR_PATH);
  while (!existsSync(mountpoint)) mountpoint = dirname(mountpoint);
  const setup = [
    'set -e',
    'mount -t tmpfs agent-image "$1"',
    ...(collector === null ? [] : ['mkdir -p "$(dirname "$2")"', 'printf %s "$3" >"$2"', 'chmod 0644 "$2"']),
    'shift 3',
    'exec "$@"',
  ].join('\n');
  return (argv) => [
    'unshare',
    '-m',
    'sh',
    '-c',
    setup,
    'agent-image',
    mountpoint,
    AGENT_COLLECTOR_PATH,
    collector ?? '',
    ...argv,
  ];
}

/** Runs `argv` (never through a shell) with the exec's streams; its process group is killed on abort. */
function runArgv(argv: readonly string[], context: ExecContext): Promise<ExecOutcome> {
  const [command, ...args] = argv;
  if (!command) return Promise.resolve(126);
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: [context.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, ...context.env },
    });
    if (context.stdin && child.stdin) {
      // The command may exit without reading all of stdin (or while the client keeps it open): no EPIPE crash.
      child.stdin.on('error', () => undefined);
      context.stdin.pipe(child.stdin);
    }
    child.stdout?.on('data', (chunk: Buffer) => context.stdout.write(chunk));
    child.stderr?.on('data', (chunk: Buffer) => context.stderr.write(chunk));
    const kill = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    context.signal.addEventListener('abort', kill, { once: true });
    child.on('error', (error) => resolve({ internalError: error.message }));
    child.on('close', (code, signal) => {
      context.signal.removeEventListener('abort', kill);
      // A command ended by a signal reports 128 + the signal number, as a shell would.
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
