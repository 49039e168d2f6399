// Redis killed (SIGKILL) in the middle of a stream of alerts and restarted on the same port from its append-only file,
// as deploy/bot runs it, with two bot replicas taking every notification (Alertmanager HA) over real HTTP: every
// delivery a replica answered 200 ends as a line in its group's thread, and each group has exactly one root message.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AlertmanagerPayload } from '../../src/alerts/alertmanager-payload.js';
import { incidentId } from '../../src/alerts/delivery-key.js';
import { fixture } from '../fixtures/alertmanager/fixtures.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { poll } from '../support/poll.js';
import { redisForFile } from '../support/redis-for-file.js';
import { type RunningBot, type ServiceWorld, startServiceWorld } from '../support/service-world.js';

const redis = redisForFile({ aof: true });
let slack: FakeSlack;
const worlds: ServiceWorld[] = [];
const bots: RunningBot[] = [];

beforeAll(async () => {
  slack = await startFakeSlack();
  const prefix = `t-${randomUUID()}`;
  for (let i = 0; i < 2; i++) {
    const world = await startServiceWorld(redis, { slack, prefix });
    worlds.push(world);
    bots.push(await world.startBot());
  }
});

afterAll(async () => {
  await redis?.start();
  for (const world of worlds) await world.close();
  await slack?.close();
});

const GROUPS = 8;
const STEPS = 6;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const name = (group: number) => `RedisRestartGroup${group}`;
const marker = (group: number, step: number) => `delivery ${group}.${step} of the stream`;

/** Group `group` after `step + 1` notifications: one more alert each time (what Alertmanager sends for the group). */
function notification(group: number, step: number): AlertmanagerPayload {
  const base = fixture('conntrack-firing');
  const template = base.alerts[0];
  if (!template) throw new Error('fixture without alerts');
  const alerts = Array.from({ length: step + 1 }, (_, i) => ({
    ...template,
    labels: { ...template.labels, alertname: name(group), instance: `host-${i}` },
    annotations: { summary: marker(group, i) },
    fingerprint: `${(0xa00 + group).toString(16)}${(0x1000 + i).toString(16)}`,
    startsAt: new Date(Date.parse(template.startsAt) + i * 1000).toISOString(),
  }));
  return {
    ...base,
    groupKey: `{}:{alertname="${name(group)}"}`,
    groupLabels: { alertname: name(group) },
    commonLabels: { alertname: name(group), severity: 'warning' },
    commonAnnotations: {},
    alerts,
  };
}

/** Like an Alertmanager HA pair: each peer sends to one replica and retries a non-2xx for a while. */
async function notify(payload: AlertmanagerPayload): Promise<boolean> {
  const peers = bots.map(async (bot) => {
    const end = Date.now() + 20_000;
    for (;;) {
      if ((await bot.deliver(payload)) === 200) return true;
      if (Date.now() > end) return false;
      await sleep(300);
    }
  });
  return (await Promise.all(peers)).some(Boolean);
}

const rootOf = async (group: number) =>
  (await worlds[0]?.parts.store.get(incidentId('prod', notification(group, 0).groupKey)))?.rootTs;
const threadText = async (group: number) => {
  const rootTs = await rootOf(group);
  return rootTs ? JSON.stringify(slack.thread('C0INCIDENTS', rootTs).map((m) => m.blocks)) : '';
};

it('loses no accepted delivery and posts one root per group across a Redis SIGKILL and restart', async () => {
  const accepted: { group: number; step: number }[] = [];
  const send = (group: number, step: number) =>
    notify(notification(group, step)).then((ok) => {
      if (ok) accepted.push({ group, step });
    });
  const allIn = (what: string) =>
    poll(
      async () => {
        for (const { group, step } of accepted)
          if (!(await threadText(group)).includes(marker(group, step))) return false;
        return true;
      },
      60_000,
      what,
    );

  // The stream starts: four groups, two notifications each.
  const early: Promise<void>[] = [];
  for (let step = 0; step < 2; step++) {
    for (let group = 0; group < 4; group++) {
      early.push(send(group, step));
      await sleep(50);
    }
  }
  await Promise.all(early);
  await allIn('the first notifications in their threads');

  // A new group: Slack takes its root message at once but answers 1.5 s later; Redis is killed meanwhile, so the
  // root's ts reaches a process that cannot store it.
  slack.failNext('chat.postMessage', { delayMs: 1500, afterHandling: true });
  const sent: Promise<void>[] = [send(4, 0)];
  await poll(() => slack.messages('C0INCIDENTS').some((m) => m.text.includes(name(4))), 10_000, 'the root in Slack');
  await redis.stop(); // SIGKILL
  const outage = sleep(2000).then(() => redis.start()); // same port, same append-only file
  // The stream goes on through the outage and after it: more notifications, more new groups.
  for (let step = 1; step < STEPS; step++) {
    for (let group = 0; group < GROUPS; group++) {
      if (group < 4 && step < 2) continue;
      sent.push(send(group, group < 4 ? step : step - 1));
      await sleep(60);
    }
  }
  await Promise.all([outage, ...sent]);
  expect(accepted.filter((a) => a.group === 4).length).toBeGreaterThan(0);

  await allIn('every accepted delivery in its thread');
  for (let group = 0; group < GROUPS; group++) {
    const roots = slack.messages('C0INCIDENTS').filter((m) => m.text.includes(name(group)));
    expect(
      roots.map((m) => m.ts),
      name(group),
    ).toEqual([await rootOf(group)]);
  }
  expect((await worlds[0]?.parts.alerts.queue.queue.getJobCounts('failed'))?.failed).toBe(0);
}, 120_000);
