// Two bot replicas end to end: POST /alertmanager on each (real HTTP) → the `alerts` BullMQ queue → two BullMQ
// workers → the fake Slack. HA peers deliver every notification to both replicas.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { incidentId } from '../../../src/alerts/delivery-key.js';
import { fixture, resolveAlerts } from '../../fixtures/alertmanager/fixtures.js';
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack.js';
import { poll } from '../../support/poll.js';
import { redisForFile } from '../../support/redis-for-file.js';
import { type RunningBot, type ServiceWorld, startServiceWorld } from '../../support/service-world.js';

const redis = redisForFile();
let slack: FakeSlack;
const prefix = `t-${randomUUID()}`;
/** Two replicas of the bot: each its own POST /alertmanager, alert worker and parts, on one Redis and prefix. */
const worlds: ServiceWorld[] = [];
const bots: RunningBot[] = [];

beforeAll(async () => {
  slack = await startFakeSlack();
  for (let i = 0; i < 2; i++) {
    const world = await startServiceWorld(redis, { slack, prefix });
    worlds.push(world);
    bots.push(await world.startBot());
  }
});

afterAll(async () => {
  for (const world of worlds) await world.close();
  await slack?.close();
});

const deliver = (body: unknown) => Promise.all(bots.map((bot) => bot.deliver(body)));

it('turns HA-duplicated deliveries into one root message, one thread, one update', async () => {
  const firing = fixture('conntrack-firing');
  const id = incidentId('prod', firing.groupKey);
  const store = worlds[0]?.parts.store;
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
  const counts = await worlds[0]?.parts.alerts?.queue.queue.getJobCounts('completed', 'failed');
  expect(counts).toEqual({ completed: 2, failed: 0 });
});
