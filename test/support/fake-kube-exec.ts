// Exec over WebSocket, framed as kube-apiserver frames it: one channel byte then data (1 stdout, 2 stderr, 3 status
// JSON), stdout/stderr frames of at most 32 KiB, the status last, never a 255 (close) frame towards the client.
// From the client: 0 stdin, 4 resize, and on v5 `[255, 0]` = stdin closed.
import { PassThrough, type Readable } from 'node:stream';
import type { WebSocket } from 'ws';
import { execExitStatus, execInternalError } from './kube-status.js';

/** What the client asked to run, and where. */
export interface ExecCall {
  namespace: string;
  pod: string;
  container: string;
  /** argv exactly as sent (`command=` query parameters in order). */
  command: string[];
  /** The pod's spec.nodeName. */
  node: string | undefined;
  /** The container's environment from the pod spec, expanded as the kubelet does (fake-kube-env.ts). */
  env: Record<string, string>;
}

export interface ExecStream {
  write(chunk: string | Buffer): void;
}

export interface ExecContext extends ExecCall {
  stdout: ExecStream;
  stderr: ExecStream;
  /** The client's stdin, when it asked for one (`stdin=true`); ends on `[255, 0]` (v5). */
  stdin: Readable | undefined;
  /** Aborted when the client goes away or the server closes. */
  signal: AbortSignal;
  /** The negotiated subprotocol, e.g. `v5.channel.k8s.io`. */
  protocol: string;
}

/**
 * How the command ended: an exit code (the status carries it), `{ internalError }` (Failure without an exit code), or
 * `'stall'` (send nothing more and never close; only the client or the server's close ends the socket).
 */
export type ExecOutcome = number | { internalError: string } | 'stall';

export type ExecHandler = (context: ExecContext) => ExecOutcome | Promise<ExecOutcome>;

/** Subprotocols the fake speaks, in the apiserver's preference. */
export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;

const MAX_FRAME_DATA = 32 * 1024;
const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const STATUS = 3;
const CLOSE = 255;

/** The first protocol in the client's list that the server supports (the client's order decides), else false. */
export function chooseExecProtocol(offered: Set<string>, supported: readonly string[]): string | false {
  for (const protocol of offered) if (supported.includes(protocol)) return protocol;
  return false;
}

export interface ExecStreams {
  stdout: boolean;
  stderr: boolean;
  stdin: boolean;
}

/** Runs `handler` for one exec session on an upgraded socket and frames what it writes. */
export async function serveExec(
  ws: WebSocket,
  call: ExecCall,
  streams: ExecStreams,
  handler: ExecHandler,
): Promise<void> {
  const aborter = new AbortController();
  ws.on('close', () => aborter.abort());
  let started = false;
  const send = (channel: number, data: Buffer) => {
    if (ws.readyState !== ws.OPEN) return;
    if (!started) {
      started = true;
      // The apiserver opens with an empty frame on the lowest writable channel.
      const first = streams.stdout ? STDOUT : streams.stderr ? STDERR : STATUS;
      ws.send(Buffer.from([first]));
    }
    ws.send(Buffer.concat([Buffer.from([channel]), data]));
  };
  const stream = (channel: number, wanted: boolean): ExecStream => ({
    write(chunk) {
      if (!wanted) return;
      const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      for (let at = 0; at < data.length; at += MAX_FRAME_DATA) send(channel, data.subarray(at, at + MAX_FRAME_DATA));
    },
  });

  const stdin = streams.stdin ? new PassThrough() : undefined;
  ws.on('message', (raw: Buffer, isBinary: boolean) => {
    if (!isBinary || raw.length === 0) return;
    if (raw[0] === STDIN) stdin?.write(raw.subarray(1));
    if (raw[0] === CLOSE && raw[1] === STDIN && ws.protocol === EXEC_PROTOCOLS[0]) stdin?.end();
  });

  let outcome: ExecOutcome;
  try {
    outcome = await handler({
      ...call,
      stdout: stream(STDOUT, streams.stdout),
      stderr: stream(STDERR, streams.stderr),
      stdin,
      signal: aborter.signal,
      protocol: ws.protocol,
    });
  } catch (error) {
    outcome = { internalError: error instanceof Error ? error.message : String(error) };
  }
  if (outcome === 'stall' || aborter.signal.aborted) return;
  const status =
    typeof outcome === 'number' ? execExitStatus(outcome, call.command) : execInternalError(outcome.internalError);
  send(STATUS, Buffer.from(JSON.stringify(status)));
  // Like the apiserver, close once the status is out; the close frame follows the data frames in order.
  ws.close(1000);
}
