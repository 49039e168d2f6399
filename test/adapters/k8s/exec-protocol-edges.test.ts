// execCollector against a bare WebSocket server that sends frames a real API server would not (or rarely does):
// a `[255, n]` close frame, a malformed status, an unknown channel, text frames, no subprotocol, a refused upgrade
// with its Status body. None may crash the process or close its stdout.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { execCollector } from '../../../src/adapters/k8s/exec-collector.js';
import { execError } from '../../support/k8s-helpers.js';

let server: Server | undefined;
let wss: WebSocketServer | undefined;

async function serve(options: {
  protocol?: string | false;
  refuse?: { code: number; body: string; reason?: string; contentType?: string };
  session?: (ws: WebSocket) => void;
}): Promise<KubeConfig> {
  wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => (options.protocol === undefined ? ([...offered][0] ?? false) : options.protocol),
  });
  server = createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket, head) => {
    if (options.refuse) {
      const { code, body, reason = 'Forbidden', contentType = 'application/json' } = options.refuse;
      socket.end(
        `HTTP/1.1 ${code} ${reason}\r\nContent-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      return;
    }
    wss!.handleUpgrade(req, socket, head, (ws) => options.session?.(ws));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const kc = new KubeConfig();
  kc.loadFromClusterAndUser(
    { name: 'edge', server: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, skipTLSVerify: true },
    { name: 'u', token: 't' },
  );
  return kc;
}

afterEach(async () => {
  for (const client of wss?.clients ?? []) client.terminate();
  wss?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

const frame = (channel: number, data: string | number[]) =>
  Buffer.concat([Buffer.from([channel]), typeof data === 'string' ? Buffer.from(data) : Buffer.from(data)]);
const SUCCESS = JSON.stringify({ metadata: {}, status: 'Success' });
const run = (kc: KubeConfig, over: Partial<Parameters<typeof execCollector>[0]> = {}) =>
  execCollector({ kc, namespace: 'ns', pod: 'p', container: 'c', command: ['true'], deadlineMs: 5000, ...over });

describe('execCollector protocol edges', () => {
  it('ignores a [255, n] close frame instead of closing this process stdout', async () => {
    const kc = await serve({
      session: (ws) => {
        ws.send(frame(1, ''));
        ws.send(frame(1, 'part one\n'));
        ws.send(frame(255, [1]));
        ws.send(frame(2, 'warning\n'));
        ws.send(frame(3, SUCCESS));
        ws.close();
      },
    });
    const output = await run(kc);
    expect(output).toMatchObject({ exitCode: 0, ending: 'status', stderr: 'warning\n', protocol: 'v5.channel.k8s.io' });
    expect(output.stdout.toString()).toBe('part one\n');
    expect(process.stdout.writable).toBe(true);
  });

  it('reports a malformed status or an unknown channel as a failure, without throwing in a socket callback', async () => {
    const bad = await serve({
      session: (ws) => {
        ws.send(frame(1, 'out\n'));
        ws.send('a text frame');
        ws.send(frame(3, '{not json'));
      },
    });
    const output = await run(bad);
    expect(output.exitCode).toBeNull();
    expect(output.failure).toMatch(/cannot read: .*JSON/);
    expect(output.stdout.toString()).toBe('out\n');
  });

  it('says so when the server picks no subprotocol', async () => {
    const kc = await serve({ protocol: false });
    const error = await execError(run(kc));
    expect(error.code).toBe('exec-failed');
    expect(error.message).toContain('no subprotocol');
  });

  it('keeps the Status body of a refused upgrade (client-node alone only sees the HTTP code)', async () => {
    const body = JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'pods "p" is forbidden: User "bot" cannot get resource "pods/exec" in API group "" in the namespace "ns"',
      reason: 'Forbidden',
      code: 403,
    });
    const kc = await serve({ refuse: { code: 403, body } });
    const error = await execError(run(kc));
    expect(error.code).toBe('rbac-denied');
    expect(error.message).toContain('User "bot" cannot get resource "pods/exec"');
    expect(error.hint).toBe(
      'Grant create and get on pods/exec in namespace ns to bot; deploy/README.md lists every permission netcheck needs.',
    );
  });

  it('reads an upgrade a proxy answered (no Status) as a refused request, naming WebSockets', async () => {
    const page =
      '<html>\r\n<head><title>400 Bad Request</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
    const kc = await serve({ refuse: { code: 400, reason: 'Bad Request', body: page, contentType: 'text/html' } });
    const error = await execError(run(kc));
    expect(error.code).toBe('exec-request-rejected');
    expect(error.message).toBe(
      'the exec upgrade to exec into pod p in namespace ns was answered with HTTP 400 Bad Request by something in front of the API server (not a Kubernetes Status): 400 Bad Request 400 Bad Request nginx',
    );
    expect(error.hint).toMatch(/^A proxy between netcheck and the API server refused the WebSocket exec: .*8 KiB/);
  });

  it("gives the API server's reason for a refused exec (a container the pod does not have)", async () => {
    const body = JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'container agent is not valid for pod p',
      reason: 'BadRequest',
      code: 400,
    });
    const kc = await serve({ refuse: { code: 400, reason: 'Bad Request', body } });
    const error = await execError(run(kc));
    expect(error.code).toBe('exec-failed');
    expect(error.message).toBe(
      'the API server refused to exec into pod p in namespace ns (HTTP 400 Bad Request): container agent is not valid for pod p',
    );
    expect(error.hint).toMatch(/^The exec never started, for the reason the API server gives above/);
  });

  it('treats a socket closed without a status after some output as an incomplete run', async () => {
    const kc = await serve({
      session: (ws) => {
        ws.send(frame(1, 'half a report'));
        ws.close(1000);
      },
    });
    const output = await run(kc);
    expect(output).toMatchObject({ exitCode: null, ending: 'closed' });
    expect(output.stdout.toString()).toBe('half a report');
  });
});
