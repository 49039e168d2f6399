// A delivery that names 300 nodes, then its resolve, through real HTTP, a real Redis, real BullMQ workers and the
// real Slack poster at Slack's pace (about one message per second per channel, the fake answering 429 beyond it):
// the resolve is applied and shown on the root within seconds, nothing ends in the failed set, and the 300 nodes
// become one sweep announced by one thread line.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AlertmanagerPayload } from '../../src/alerts/alertmanager-payload.js';
import { incidentId } from '../../src/alerts/delivery-key.js';
import { fixture, resolveAlerts } from '../fixtures/alertmanager/fixtures.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { poll } from '../support/poll.js';
import { redisForFile } from '../support/redis-for-file.js';
import { type RunningBot, type ServiceWorld, startServiceWorld } from '../support/service-world.js';

const redis = redisForFile();
let slack: FakeSlack;
let world: ServiceWorld;
let bot: RunningBot;

beforeAll(async () => {
  slack = await startFakeSlack();
  slack.rateLimit('chat.postMessage', 1, { perChannel: true });
  // Slack's pace, as deployed: one message per second per channel, bursts of three.
  world = await startServiceWorld(redis, {
    slack,
    prefix: `t-${randomUUID()}`,
    tuning: { slack: { perChannelPerSecond: 1, burst: 3 } },
  });
  bot = await world.startBot();
});

afterAll(async () => {
  await world?.close();
  await slack?.close();
});

/** The conntrack alert on 300 nodes, each named by its scrape address as kube-prometheus-stack labels it. */
function threeHundredNodes(): AlertmanagerPayload {
  const base = fixture('conntrack-firing');
  const template = base.alerts[0];
  if (!template) throw new Error('fixture without alerts');
  const alerts = Array.from({ length: 300 }, (_, i) => ({
    ...template,
    labels: { ...template.labels, instance: `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}:9100` },
    fingerprint: (0x1000000000 + i).toString(16),
    startsAt: new Date(Date.parse(template.startsAt) + i * 1000).toISOString(),
  }));
  return { ...base, groupKey: `{}/{severity="warning"}:{alertname="NodeHighNumberConntrackEntriesUsed"}`, alerts };
}

it('applies the resolve of a 300-node delivery within seconds and fails no delivery', async () => {
  const firing = threeHundredNodes();
  const id = incidentId('prod', firing.groupKey);
  expect(await bot.deliver(firing)).toBe(200);
  await poll(() => world.parts.store.get(id), 10_000, 'the incident');

  const resolved = resolveAlerts(
    firing,
    firing.alerts.map((_, i) => i),
    new Date().toISOString(),
  );
  expect(await bot.deliver(resolved)).toBe(200);
  const accepted = Date.now();
  const root = await poll(
    async () => {
      const rootTs = (await world.parts.store.get(id))?.rootTs;
      const message = slack.messages('C0INCIDENTS').find((m) => m.ts === rootTs);
      return message && /Resolved/i.test(message.text) ? message : undefined;
    },
    20_000,
    'the root message to show the incident resolved',
  );
  expect(Date.now() - accepted).toBeLessThan(10_000);
  expect((await world.parts.store.get(id))?.status).toBe('resolved');

  // Both deliveries complete (their thread lines posted), none failed.
  await poll(
    async () => (await world.parts.alerts.queue.queue.getJobCounts('completed')).completed === 2,
    30_000,
    'both deliveries to complete',
  );
  expect(await world.parts.alerts.queue.queue.getJobCounts('failed', 'delayed', 'active', 'wait')).toEqual({
    failed: 0,
    delayed: 0,
    active: 0,
    wait: 0,
  });

  // One sweep of the 300 nodes, announced by one line between "fired" and "resolved".
  const sweeps = await world.parts.collections.sweep.getJobs(['waiting', 'prioritized']);
  expect(sweeps).toHaveLength(1);
  expect(sweeps[0]?.data.nodes).toHaveLength(300);
  expect(await world.parts.collections.collect.getJobCounts('waiting')).toEqual({ waiting: 0 });
  const thread = slack.thread('C0INCIDENTS', root.ts);
  expect(thread.map((m) => m.text)).toEqual([
    expect.stringMatching(/Fired: 300 alerts/),
    expect.stringMatching(/Collection queued for 10\.0\.0\.1:9100, 10\.0\.0\.2:9100, /),
    expect.stringMatching(/Resolved/),
  ]);
  expect(JSON.stringify(thread[1]?.blocks)).toContain('and 292 more: automatic triage');
}, 90_000);
