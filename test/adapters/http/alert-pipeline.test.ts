// Two bot replicas end to end: POST /alertmanager on each (real HTTP) → the `alerts` BullMQ queue → two BullMQ
// workers → the fake Slack. HA peers deliver every notification to both replicas.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAlertmanagerRoute } from '../../../src/adapters/http/alertmanager-route.js';
import {
  type AlertJobData,
  type AlertQueue,
  createAlertQueue,
  createAlertWorker,
} from '../../../src/adapters/queue/alert-queue.js';
import { createRedisConnection } from '../../../src/adapters/redis/redis-connection.js';
import { incidentId } from '../../../src/alerts/delivery-key.js';
import { fixture, resolveAlerts } from '../../fixtures/alertmanager/fixtures.js';
import { type Replica, startReplica } from '../../support/alert-replica.js';
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack.js';
import { type RedisServer, startRedis } from '../../support/redis-server.js';

let redis: RedisServer;
let slack: FakeSlack;
const prefix = `t-${randomUUID()}`;
const bots: {
  server: Server;
  queue: AlertQueue;
  url: string;
  replica: Replica;
  worker: Worker<AlertJobData>;
  workerConnection: Redis;
}[] = [];

beforeAll(async () => {
  redis = await startRedis();
  slack = await startFakeSlack();
  for (let i = 0; i < 2; i++) {
    const replica = startReplica(redis.url, slack, prefix);
    const queue = createAlertQueue(replica.connection, prefix);
    const server = createServer(createAlertmanagerRoute({ queue, cluster: 'prod', auth: { token: 't' } }));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const workerConnection = createRedisConnection(redis.url, { forWorker: true });
    const worker = createAlertWorker(workerConnection, prefix, replica.process, { concurrency: 2 });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/alertmanager`;
    bots.push({ server, queue, url, replica, worker, workerConnection });
  }
});

afterAll(async () => {
  for (const bot of bots) {
    await bot.worker.close();
    bot.server.closeAllConnections();
    bot.server.close();
    await bot.queue.close();
    await bot.replica.close();
    bot.workerConnection.disconnect();
  }
  await slack?.close();
  await redis?.stop();
});

const deliver = (body: unknown) =>
  Promise.all(
    bots.map((bot) =>
      fetch(bot.url, { method: 'POST', body: JSON.stringify(body), headers: { authorization: 'Bearer t' } }).then(
        (r) => r.status,
      ),
    ),
  );

it('turns HA-duplicated deliveries into one root message, one thread, one update', async () => {
  const firing = fixture('conntrack-firing');
  const id = incidentId('prod', firing.groupKey);
  const store = bots[0]?.replica.store;
  expect(await deliver(firing)).toEqual([200, 200]);
  const rootTs = await poll(async () => (await store?.get(id))?.rootTs);
  await slack.waitFor(() => slack.thread('C0INCIDENTS', rootTs).length >= 3, 10_000);

  expect(await deliver(resolveAlerts(firing, [0, 1], new Date().toISOString()))).toEqual([200, 200]);
  await slack.waitFor(() => slack.messages('C0INCIDENTS').find((m) => m.ts === rootTs && m.edits > 0), 10_000);
  await slack.waitFor(() => slack.thread('C0INCIDENTS', rootTs).length >= 4, 10_000);
  await new Promise((resolve) => setTimeout(resolve, 300));

  expect(slack.messages('C0INCIDENTS')).toHaveLength(1);
  const thread = slack.thread('C0INCIDENTS', rootTs);
  expect(thread).toHaveLength(4);
  expect(thread.at(-1)?.text).toMatch(/resolved/i);
  expect(slack.messages('C0INCIDENTS')[0]?.edits).toBe(1);
  const counts = await bots[0]?.queue.queue.getJobCounts('completed', 'failed');
  expect(counts).toEqual({ completed: 2, failed: 0 });
});

async function poll<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
