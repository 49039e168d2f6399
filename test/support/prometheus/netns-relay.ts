// A loopback relay to a TCP port inside a network namespace, so a test reaches a daemon running there.
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { poll } from '../poll.js';
import { type Daemon, startDaemon } from './daemon.js';

/**
 * Makes a TCP port inside a network namespace reachable on this machine's loopback: a listener on 127.0.0.1 here
 * forwards to a Unix socket (the file system is shared), where a Node process inside the namespace forwards to
 * 127.0.0.1:PORT there. No interface or route is added anywhere.
 */
export interface NetnsRelay {
  /** `127.0.0.1:PORT` on this machine. */
  address: string;
  close(): Promise<void>;
}

const INSIDE = `
const net = require('node:net');
const [socketPath, port] = process.argv.slice(1);
net.createServer((client) => {
  const upstream = net.connect(Number(port), '127.0.0.1');
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
  client.pipe(upstream).pipe(client);
}).listen(socketPath);
`;

function pipeBoth(a: Socket, b: Socket): void {
  a.on('error', () => b.destroy());
  b.on('error', () => a.destroy());
  a.pipe(b).pipe(a);
}

export async function startNetnsRelay(netns: string, port: number): Promise<NetnsRelay> {
  const dir = mkdtempSync(join(tmpdir(), 'netcheck-relay-'));
  const socketPath = join(dir, 'relay.sock');
  const inside: Daemon = startDaemon([
    'ip',
    'netns',
    'exec',
    netns,
    process.execPath,
    '-e',
    INSIDE,
    socketPath,
    String(port),
  ]);
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(socketPath);
    sockets.add(client).add(upstream);
    client.on('close', () => sockets.delete(client));
    upstream.on('close', () => sockets.delete(upstream));
    pipeBoth(client, upstream);
  });
  const close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await inside.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await poll(
      () =>
        new Promise<boolean>((resolve) => {
          const probe = connect(socketPath, () => {
            probe.destroy();
            resolve(true);
          });
          probe.on('error', () => resolve(false));
        }),
      10_000,
      () => `relay in ${netns}: ${inside.output()}`,
      { intervalMs: 100, ignoreErrors: true },
    );
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    await close();
    throw error;
  }
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('relay has no address');
  return { address: `127.0.0.1:${address.port}`, close };
}
