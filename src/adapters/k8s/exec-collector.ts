// Runs one command in a pod through client-node's Exec, the only way netcheck execs: argv only (no shell string is
// built), no TTY, stdin only when bytes are given (and then never ended), the exit status from the channel-3
// status, a client-side deadline and a stall timer that terminate the socket (closing alone does not stop the
// command, and Exec has no timeout), and a cap on output.
import { Readable, Writable } from 'node:stream';
import { Exec, type KubeConfig } from '@kubernetes/client-node';
import type WebSocket from 'ws';
import { NodeExecError } from '../../exec/node-exec-error.js';
import { type ExitStatus, exitStatusOf } from './exec-status.js';
import { type KubeCallContext, toNodeExecError } from './kube-errors.js';
import { createKubeWebSocket } from './kube-websocket.js';

export interface ExecCollectorOptions {
  kc: KubeConfig;
  namespace: string;
  pod: string;
  container: string;
  /** The command as argv (see collector-launch.ts); it travels in the request line, so keep it short. */
  command: readonly string[];
  /**
   * Bytes for the command's stdin. The stream is never ended: on v4 client-node closes the socket when stdin ends,
   * which kills the command, so the command must stop reading by itself (e.g. `head -c N`). @defaultValue no stdin
   */
  stdin?: Buffer;
  /** Milliseconds the whole exec may take, upgrade included; then the socket is terminated. */
  deadlineMs: number;
  /** Milliseconds without any frame after which the stream counts as stalled. @defaultValue 30000 */
  stallMs?: number;
  /** @defaultValue 15000 */
  handshakeTimeoutMs?: number;
  /** Bytes of stdout kept; more ends the exec (`ending: 'output-cap'`). @defaultValue 8 MiB */
  maxOutputBytes?: number;
  /** What a 404 on the upgrade means (the pod is gone). @defaultValue exec-failed */
  notFound?: KubeCallContext['notFound'];
  signal?: AbortSignal;
}

export interface ExecOutput {
  stdout: Buffer;
  stderr: string;
  /** From the channel-3 status; null when none arrived or it carried no exit code. */
  exitCode: number | null;
  /** The status's reason and message when the exec failed for another reason than the command's exit. */
  failure?: string;
  /** `status`: the status arrived; `closed`: the socket closed without one; `output-cap`: stdout went over its cap. */
  ending: 'status' | 'closed' | 'output-cap';
  outputTruncated: boolean;
  /** The negotiated subprotocol (`v5.channel.k8s.io` or `v4.channel.k8s.io`). */
  protocol: string;
}

const MAX_STDERR = 256 * 1024;
const CLOSE_GRACE_MS = 1000;

class Capped {
  private readonly chunks: Buffer[] = [];
  size = 0;
  overflow = false;
  constructor(private readonly limit: number) {}
  push(chunk: Buffer): void {
    const room = this.limit - this.size;
    if (chunk.length > room) this.overflow = true;
    if (room <= 0) return;
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.chunks.push(Buffer.from(kept));
    this.size += kept.length;
  }
  buffer(): Buffer {
    return Buffer.concat(this.chunks, this.size);
  }
}

export function execCollector(options: ExecCollectorOptions): Promise<ExecOutput> {
  const { namespace, pod } = options;
  const context: KubeCallContext = {
    action: `exec into pod ${pod} in namespace ${namespace}`,
    verb: 'get',
    resource: 'pods/exec',
    namespace,
    notFound: options.notFound,
  };
  const stallMs = options.stallMs ?? 30_000;
  const stdout = new Capped(options.maxOutputBytes ?? 8 * 1024 * 1024);
  const stderr = new Capped(MAX_STDERR);
  const input = options.stdin;
  const stdin = input ? new Readable({ read() {} }) : null;
  if (input) stdin?.push(input);

  return new Promise<ExecOutput>((resolve, reject) => {
    let socket: WebSocket | undefined;
    let opened = false;
    let settled = false;
    let status: ExitStatus | undefined;
    let protocolError: Error | undefined;
    let stallTimer: NodeJS.Timeout | undefined;
    const timers: NodeJS.Timeout[] = [];

    const cleanup = () => {
      settled = true;
      stdin?.destroy(); // 'close', never 'end': client-node must not close a v4 socket for it
      for (const timer of timers) clearTimeout(timer);
      clearTimeout(stallTimer);
      options.signal?.removeEventListener('abort', onAbort);
    };
    const fail = (error: NodeExecError) => {
      if (settled) return;
      cleanup();
      socket?.terminate();
      reject(error);
    };
    const finish = (ending: ExecOutput['ending']) => {
      if (settled) return;
      cleanup();
      if (socket && socket.readyState !== 3) socket.terminate(); // 3: CLOSED
      const failure =
        status?.failure ??
        (protocolError ? `the exec stream sent a frame netcheck cannot read: ${protocolError.message}` : undefined);
      resolve({
        stdout: stdout.buffer(),
        stderr: stderr.buffer().toString('utf8'),
        exitCode: status?.exitCode ?? null,
        ...(failure ? { failure } : {}),
        ending,
        outputTruncated: stdout.overflow || stderr.overflow,
        protocol: socket?.protocol ?? '',
      });
    };
    const timeout = (message: string, hint: string) => fail(new NodeExecError('timeout', message, hint));
    const armStall = () => {
      clearTimeout(stallTimer);
      stallTimer = setTimeout(
        () =>
          timeout(
            `the exec stream from pod ${pod} stalled: no data for ${Math.round(stallMs / 1000)}s (${stdout.size} bytes of report received)`,
            'The connection to the node went quiet (network, kubelet or API server trouble); try again, and check the node if it repeats.',
          ),
        stallMs,
      );
    };
    function onAbort() {
      timeout(`the collection from pod ${pod} was cancelled`, 'Nothing to do: the caller stopped waiting.');
    }

    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    timers.push(
      setTimeout(
        () =>
          timeout(
            `the collector did not finish within ${Math.round(options.deadlineMs / 1000)}s in pod ${pod} (${stdout.size} bytes of report received)`,
            'The node or its API path is slow: try again, or raise the deadline; an in-node timeout also ends the collector.',
          ),
        options.deadlineMs,
      ),
    );

    const sink = (capped: Capped, isStdout: boolean) =>
      new Writable({
        write(chunk: Buffer, _encoding, callback) {
          capped.push(chunk);
          callback();
          if (isStdout && capped.overflow) finish('output-cap');
        },
        // Exec ends the streams on the status frame; a frame after it must not become an unhandled 'error'.
      }).on('error', () => undefined);

    const handler = createKubeWebSocket(options.kc, {
      handshakeTimeoutMs: options.handshakeTimeoutMs ?? 15_000,
      onSocket: (created) => {
        socket = created;
        created.on('open', () => {
          opened = true;
          armStall();
        });
        // Registered before the upgrade, so no close can slip past; failures before the upgrade reject in exec().
        created.on('close', (code: number) => {
          if (!opened) return;
          if (!status && code === 1006 && stdout.size === 0) {
            fail(
              new NodeExecError(
                'apiserver-unreachable',
                `the connection to the API server dropped (WebSocket close 1006) before pod ${pod} sent any report`,
                'Try again; if it repeats, check the API server, and the idle timeout of any load balancer in front of it.',
              ),
            );
            return;
          }
          finish(status ? 'status' : 'closed');
        });
      },
      onFrame: () => {
        if (opened) armStall();
      },
      onProtocolError: (error) => {
        protocolError = error;
      },
    });
    const exec = new Exec(options.kc, handler);
    exec
      .exec(
        namespace,
        pod,
        options.container,
        [...options.command],
        sink(stdout, true),
        sink(stderr, false),
        stdin,
        false,
        (s) => {
          status = exitStatusOf(s);
          // The status is the last frame: wait briefly for the close handshake, then stop waiting.
          timers.push(setTimeout(() => finish('status'), CLOSE_GRACE_MS));
        },
      )
      .catch((error: unknown) => {
        if (error instanceof Error && /handshake has timed out/i.test(error.message)) {
          timeout(
            `the API server did not complete the exec upgrade to pod ${pod} within ${Math.round((options.handshakeTimeoutMs ?? 15_000) / 1000)}s`,
            'The API server or the kubelet behind it is slow or unreachable; try again.',
          );
          return;
        }
        fail(toNodeExecError(error, context));
      });
  });
}
