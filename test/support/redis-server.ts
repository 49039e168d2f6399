// A real Debian redis-server for one test file: a free port, no persistence (or the AOF, as deployed, in a temporary
// directory), stopped after the file.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

export interface RedisServer {
  port: number;
  url: string;
  /** Stops the server with SIGKILL (a "Redis down" test); `start()` brings it back on the same port and data. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and removes its data directory (with `aof`). */
  dispose(): Promise<void>;
}

export interface RedisServerOptions {
  /** Persist with the append-only file (`appendonly yes`, fsync every second) as deploy/bot runs Redis. */
  aof?: boolean;
}

function launch(port: number, dir: string | undefined): Promise<ChildProcess> {
  const persistence = dir ? ['--appendonly', 'yes', '--dir', dir] : ['--appendonly', 'no'];
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--protected-mode', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not start on port ${port}:\n${out}`));
    }, 10_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot run redis-server (apt-get install -y redis-server): ${error.message}`));
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${out}`));
    });
  });
}

/** Starts redis-server on a free port (retrying if another process takes the port first). */
export async function startRedis(options: RedisServerOptions = {}): Promise<RedisServer> {
  const dir = options.aof ? mkdtempSync(join(tmpdir(), 'netcheck-redis-')) : undefined;
  let child: ChildProcess | undefined;
  let port = 0;
  for (let attempt = 0; attempt < 5 && child === undefined; attempt++) {
    port = await freePort();
    child = await launch(port, dir).catch((error: Error) => {
      if (attempt === 4 || error.message.includes('cannot run')) throw error;
      return undefined;
    });
  }
  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (!child || child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
      child = undefined;
    },
    async start() {
      if (child) return;
      child = await launch(port, dir);
    },
    async dispose() {
      await server.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}
