// POST /alertmanager on a real HTTP server over a real BullMQ `alerts` queue, for the intake tests: one Redis
// connection per file (commands time out as the bot's do), every server and queue a test started closed after it.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type AlertmanagerRouteDeps, createAlertmanagerRoute } from '../../src/adapters/http/alertmanager-route.js';
import { type AlertQueue, createAlertQueue } from '../../src/adapters/queue/alert-queue.js';
import { createRedisConnection } from '../../src/adapters/redis/redis-connection.js';

export interface Intake {
  queue: AlertQueue;
  /** `http://127.0.0.1:PORT` */
  base: string;
  /** `${base}/alertmanager` */
  url: string;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Called at a test file's top level with its Redis (redis-for-file.ts); returns how to start an intake: the route
 * with `deps` (cluster `prod`, a fresh queue prefix), and `other` serving every other path (e.g. /metrics).
 */
export function intakeForFile(redis: { url: string }, commandTimeoutMs: number) {
  let connection: Redis | undefined;
  const open: { close(): Promise<void> }[] = [];
  beforeAll(() => {
    connection = createRedisConnection(redis.url, { commandTimeoutMs });
  });
  afterEach(async () => {
    for (const intake of open.splice(0)) await intake.close();
  });
  afterAll(() => {
    connection?.disconnect();
  });
  return async (deps: Omit<AlertmanagerRouteDeps, 'queue' | 'cluster'>, other?: Handler): Promise<Intake> => {
    if (!connection) throw new Error('intakeForFile: the connection opens in beforeAll');
    const queue = createAlertQueue(connection, `t-${randomUUID()}`);
    const route = createAlertmanagerRoute({ queue, cluster: 'prod', ...deps });
    const server = createServer((req, res) => {
      if (other && new URL(req.url ?? '/', 'http://localhost').pathname !== '/alertmanager') other(req, res);
      else route(req, res);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    open.push({
      async close() {
        server.closeAllConnections();
        server.close();
        await queue.close();
      },
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { queue, base, url: `${base}/alertmanager` };
  };
}
