// The root message of a group is posted once across replicas: two replicas (each with its own Redis connection,
// store, claims and Slack poster) race on new groups while Slack takes its time to answer chat.postMessage, so each
// replica looks, finds no root yet, and would post one without the cross-replica post-once claim.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { AlertmanagerPayload } from '../../../src/alerts/alertmanager-payload.js';
import { incidentId } from '../../../src/alerts/delivery-key.js';
import { fixture } from '../../fixtures/alertmanager/fixtures.js';
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack.js';
import { redisForFile } from '../../support/redis-for-file.js';
import { deliveryJob, type ServiceWorld, startServiceWorld } from '../../support/service-world.js';

const redis = redisForFile();
let slack: FakeSlack;
const worlds: ServiceWorld[] = [];

beforeAll(async () => {
  slack = await startFakeSlack();
});

afterEach(async () => {
  await Promise.all(worlds.splice(0).map((world) => world.close()));
});

afterAll(async () => {
  await slack?.close();
});

/** A new group of its own: its own alert name, so its root message is told apart by its title. */
function group(name: string): AlertmanagerPayload {
  const base = fixture('conntrack-firing');
  const alerts = base.alerts.map((alert) => ({ ...alert, labels: { ...alert.labels, alertname: name } }));
  return {
    ...base,
    groupKey: `{}:{alertname="${name}"}`,
    groupLabels: { alertname: name },
    commonLabels: { ...base.commonLabels, alertname: name },
    alerts,
  };
}

it('posts one root per group when two replicas process its first deliveries at the same time', async () => {
  const prefix = `t-${randomUUID()}`;
  const worldA = await startServiceWorld(redis, { slack, prefix });
  const worldB = await startServiceWorld(redis, { slack, prefix });
  worlds.push(worldA, worldB);
  const [a, b] = [worldA.parts, worldB.parts];
  // Slack answers every post after 300 ms: both replicas look for the root before either has stored one.
  slack.failNext('chat.postMessage', { delayMs: 300, times: 1000 });
  const names = ['RootRaceOne', 'RootRaceTwo', 'RootRaceThree'];
  const now = Date.now();
  await Promise.all(
    names.flatMap((name) => {
      const payload = group(name);
      // HA peers: the same notification reaching each replica, in two duplicate windows (two jobs).
      return [
        a.process(deliveryJob(payload, new Date(now).toISOString())),
        b.process(deliveryJob(payload, new Date(now + 150_000).toISOString())),
      ];
    }),
  );
  for (const name of names) {
    const stored = await a.store.get(incidentId('prod', group(name).groupKey));
    const roots = slack.messages('C0INCIDENTS').filter((m) => m.text.includes(name));
    expect(
      roots.map((m) => m.ts),
      name,
    ).toEqual([stored?.rootTs]);
    const rootPosts = slack
      .callsTo('chat.postMessage')
      .filter((c) => c.args.thread_ts === undefined && String(c.args.text).includes(name));
    expect(rootPosts, name).toHaveLength(1);
    // Every line of the group is in that one thread, once.
    const thread = slack.thread('C0INCIDENTS', stored?.rootTs ?? '').map((m) => m.text);
    expect(new Set(thread).size, name).toBe(thread.length);
    expect(
      thread.filter((text) => /Fired/.test(text)),
      name,
    ).toHaveLength(1);
  }
}, 60_000);
