// The WebSocket client client-node's Exec talks through (its `wsInterface` seam), replacing its default handler to
// fix what matters for unattended runs: a handshake timeout, the Status body of a refused upgrade (client-node only
// keeps "Unexpected server response: 403"), only the v5/v4 protocols whose channel 3 carries a JSON status, frames
// that would throw inside a socket callback (a `[255, n]` close frame, a malformed status) reported instead of
// crashing the process, and the socket handed out before the upgrade completes so a deadline can terminate it.
import type { Exec, KubeConfig } from '@kubernetes/client-node';
import WebSocket from 'ws';
import { ExecUpgradeError } from './kube-errors.js';

type WebSocketInterface = NonNullable<ConstructorParameters<typeof Exec>[1]>;

/** v5 first (modern API servers, stream close support), v4 for kubelets behind older or gated-off servers. */
export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
const CLOSE_STREAM = 255;
const MAX_UPGRADE_BODY = 64 * 1024;

export interface KubeWebSocketOptions {
  /** Milliseconds the upgrade may take. */
  handshakeTimeoutMs: number;
  /** Called with the socket as soon as it exists (before the upgrade), for deadlines. */
  onSocket?: (socket: WebSocket) => void;
  /** Called for every frame, before it is handled (stall detection). */
  onFrame?: () => void;
  /** Called when a frame could not be handled; the socket is then closed. */
  onProtocolError?: (error: Error) => void;
}

function readBody(response: NodeJS.ReadableStream, done: (body: string) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    done(Buffer.concat(chunks).toString('utf8'));
  };
  response.on('data', (chunk: Buffer) => {
    if (size < MAX_UPGRADE_BODY) chunks.push(chunk.subarray(0, MAX_UPGRADE_BODY - size));
    size += chunk.length;
  });
  response.on('end', finish);
  response.on('error', finish);
  response.on('close', finish);
}

export function createKubeWebSocket(kc: KubeConfig, options: KubeWebSocketOptions): WebSocketInterface {
  return {
    async connect(path, textHandler, binaryHandler) {
      const cluster = kc.getCurrentCluster();
      if (!cluster) throw new Error('No cluster is defined.');
      const uri = `${cluster.server.replace(/^http/, 'ws').replace(/\/+$/, '')}${path}`;
      const httpsOptions: WebSocket.ClientOptions = {};
      await kc.applyToHTTPSOptions(httpsOptions);
      return await new Promise<WebSocket>((resolve, reject) => {
        const socket = new WebSocket(uri, EXEC_PROTOCOLS, {
          ...httpsOptions,
          handshakeTimeout: options.handshakeTimeoutMs,
          perMessageDeflate: false,
        });
        let opened = false;
        options.onSocket?.(socket);
        socket.on('unexpected-response', (request, response) => {
          readBody(response, (body) => {
            reject(new ExecUpgradeError(response.statusCode ?? 0, body, Buffer.byteLength(`GET ${path} HTTP/1.1`)));
            request.destroy();
            socket.terminate();
          });
        });
        socket.on('open', () => {
          opened = true;
          resolve(socket);
        });
        // Errors before the upgrade reject; later ones end in 'close', which the caller watches.
        socket.on('error', (error) => {
          if (!opened) reject(error);
        });
        socket.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
          options.onFrame?.();
          const frame = Buffer.isBuffer(data)
            ? data
            : Array.isArray(data)
              ? Buffer.concat(data)
              : Buffer.from(data as ArrayBuffer);
          try {
            if (!isBinary) {
              if (textHandler && !textHandler(frame.toString('utf8'))) socket.close();
              return;
            }
            const stream = frame[0];
            // A stream-close frame names a stream that has ended; the status frame tells the end of the command.
            if (stream === undefined || stream === CLOSE_STREAM) return;
            if (binaryHandler && !binaryHandler(stream, frame.subarray(1))) socket.close();
          } catch (error) {
            options.onProtocolError?.(error instanceof Error ? error : new Error(String(error)));
            socket.close();
          }
        });
      });
    },
  };
}
