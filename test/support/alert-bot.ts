// One bot process of the alert path for intake tests, built from the real parts: POST /alertmanager over real HTTP →
// the `alerts` BullMQ queue → a BullMQ worker on its own worker connection → the alert processor of its own replica
// (connection, store, claims, Slack poster, thread, collection queue) → the fake Slack.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { createAlertmanagerRoute } from '../../src/adapters/http/alertmanager-route.js';
import {
  type AlertJobData,
  type AlertQueue,
  type AlertQueueOptions,
  createAlertQueue,
  createAlertWorker,
} from '../../src/adapters/queue/alert-queue.js';
import { createRedisConnection } from '../../src/adapters/redis/redis-connection.js';
import { type Replica, type ReplicaOptions, startReplica } from './alert-replica.js';
import type { FakeSlack } from './fake-slack.js';

export interface AlertBot {
  url: string;
  replica: Replica;
  queue: AlertQueue;
  worker: Worker<AlertJobData>;
  /** POSTs a payload as Alertmanager does; resolves with the HTTP status (0 when the request itself failed). */
  deliver(body: unknown): Promise<number>;
  close(): Promise<void>;
}

export async function startAlertBot(
  redisUrl: string,
  slack: FakeSlack,
  prefix: string,
  options: ReplicaOptions & { concurrency?: number; queue?: AlertQueueOptions } = {},
): Promise<AlertBot> {
  const replica = startReplica(redisUrl, slack, prefix, '', options);
  const queue = createAlertQueue(replica.connection, prefix, options.queue);
  const server: Server = createServer(createAlertmanagerRoute({ queue, cluster: 'prod', auth: { token: 't' } }));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const workerConnection: Redis = createRedisConnection(redisUrl, { forWorker: true });
  const worker = createAlertWorker(workerConnection, prefix, replica.process, {
    concurrency: options.concurrency ?? 4,
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/alertmanager`;
  return {
    url,
    replica,
    queue,
    worker,
    deliver: (body) =>
      fetch(url, { method: 'POST', body: JSON.stringify(body), headers: { authorization: 'Bearer t' } }).then(
        async (response) => {
          await response.arrayBuffer();
          return response.status;
        },
        () => 0,
      ),
    async close() {
      await worker.close(true);
      server.closeAllConnections();
      server.close();
      await queue.close();
      await replica.close();
      workerConnection.disconnect();
    },
  };
}

/** Polls `probe` every 20 ms until it returns a value other than undefined/false; fails after `timeoutMs`. */
export async function poll<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
