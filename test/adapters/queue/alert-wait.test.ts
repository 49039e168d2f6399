// A delivery that meets its incident locked for longer than it may wait (another replica stuck in the middle of a
// change, or Redis restarting) waits in the delayed set without using its attempts: with two attempts and a short
// backoff it would otherwise end in the failed set, after Alertmanager already received 200.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { incidentId } from '../../../src/alerts/delivery-key.js';
import { fixture } from '../../fixtures/alertmanager/fixtures.js';
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack.js';
import { poll } from '../../support/poll.js';
import { redisForFile } from '../../support/redis-for-file.js';
import { type RunningBot, type ServiceWorld, startServiceWorld } from '../../support/service-world.js';

const redis = redisForFile();
let slack: FakeSlack;
let world: ServiceWorld;
let bot: RunningBot;
let raw: Redis;
const prefix = `t-${randomUUID()}`;

beforeAll(async () => {
  slack = await startFakeSlack();
  raw = new Redis(redis.url);
  world = await startServiceWorld(redis, {
    slack,
    prefix,
    tuning: {
      alertQueue: { attempts: 2, backoffMs: 100 },
      storeLock: { waitMs: 200 },
      alertDelivery: { retryDelayMs: 200 },
    },
  });
  bot = await world.startBot();
});

afterAll(async () => {
  await world?.close();
  raw?.disconnect();
  await slack?.close();
});

it('keeps a delivery waiting, not failed, while its incident stays locked', async () => {
  const firing = fixture('conntrack-firing');
  const id = incidentId('prod', firing.groupKey);
  // Someone holds the incident's lock for 3 s: fifteen times what one wait for it may take.
  await raw.set(`${prefix}:lock:incident:${id}`, 'stuck-replica', 'PX', 3000);
  expect(await bot.deliver(firing)).toBe(200);
  const [job] = await poll(
    async () => {
      const jobs = await world.parts.alerts.queue.queue.getJobs(['completed', 'failed']);
      return jobs.length > 0 ? jobs : undefined;
    },
    20_000,
    'the delivery to finish',
  );
  expect(await job?.getState()).toBe('completed');
  // Started several times (each wait), one attempt counted: the one that completed.
  expect(job?.attemptsStarted).toBeGreaterThan(2);
  expect(job?.attemptsMade).toBe(1);
  const rootTs = (await world.parts.store.get(id))?.rootTs ?? '';
  expect(slack.thread('C0INCIDENTS', rootTs).map((m) => m.text)).toEqual([
    expect.stringMatching(/Fired: 2 alerts/),
    expect.stringMatching(/Collection queued for node-7/),
    expect.stringMatching(/Collection queued for node-9/),
  ]);
}, 60_000);
