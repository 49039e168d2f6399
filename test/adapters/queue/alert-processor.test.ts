// Alertmanager deliveries end to end: the processor on real Redis, the real Slack poster against the fake Slack, the
// real collection queue; two replicas on one Redis.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { incidentId } from '../../../src/alerts/delivery-key.js';
import { fixture, refire, resolveAlerts } from '../../fixtures/alertmanager/fixtures.js';
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack.js';
import { redisForFile } from '../../support/redis-for-file.js';
import { deliveryJob, type Replica, type ServiceWorld, startServiceWorld } from '../../support/service-world.js';

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

/** A replica of the bot (a process of its own) on `prefix`, with NETCHECK_ROUTES `routes`. */
async function replica(prefix: string, routes = ''): Promise<Replica> {
  const world = await startServiceWorld(redis, { slack, prefix, env: routes ? { NETCHECK_ROUTES: routes } : {} });
  worlds.push(world);
  return world.parts;
}

const T0 = Date.parse('2025-03-14T09:30:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const firing = fixture('conntrack-firing');
const id = incidentId('prod', firing.groupKey);

/** The root messages this test's incident posted (one channel is shared by the tests: find by incident id). */
function roots(channel: string, rootTs: string | undefined) {
  return slack.messages(channel).filter((m) => m.ts === rootTs);
}

const texts = (channel: string, ts: string) => slack.thread(channel, ts).map((m) => m.text);

describe('alert processor', () => {
  it('posts the root and the timeline for a firing group, then updates the root in place on resolve', async () => {
    const r = await replica(`t-${randomUUID()}`);
    const fired = await r.process(deliveryJob(firing, at(0)));
    expect(fired.entries).toHaveLength(1);
    expect(fired.triage).toEqual([
      { node: 'node-7', state: 'queued' },
      { node: 'node-9', state: 'queued' },
    ]);
    const incident = await r.store.get(id);
    const rootTs = incident?.rootTs ?? '';
    expect(rootTs).not.toBe('');
    const [root] = roots('C0INCIDENTS', rootTs);
    expect(root?.text).toMatch(/Firing/i);
    const thread = slack.thread('C0INCIDENTS', rootTs);
    expect(thread).toHaveLength(3);
    expect(thread[0]?.text).toMatch(/NodeHighNumberConntrackEntriesUsed|fired/i);
    expect(texts('C0INCIDENTS', rootTs).slice(1).join('\n')).toMatch(/node-7[\s\S]*node-9/);
    expect(await r.collections.collect.getJobCounts('waiting')).toEqual({ waiting: 2 });

    const resolved = await r.process(deliveryJob(resolveAlerts(firing, [0, 1], at(20)), at(21)));
    expect(resolved.rootUpdated).toBe(true);
    const [updated] = roots('C0INCIDENTS', rootTs);
    expect(updated?.edits).toBe(1);
    expect(updated?.text).toMatch(/Resolved/i);
    expect(slack.thread('C0INCIDENTS', rootTs)).toHaveLength(4);
    expect(slack.thread('C0INCIDENTS', rootTs)[3]?.text).toMatch(/resolved/i);
    expect(slack.mentions().filter((m) => m.ts === rootTs || m.channel === 'C0INCIDENTS')).toEqual([]);
    expect((await r.store.get(id))?.status).toBe('resolved');
  });

  it('posts nothing for HA duplicates, still-firing for a repeat, and never twice for a retried job', async () => {
    const r = await replica(`t-${randomUUID()}`);
    const first = deliveryJob(firing, at(1));
    await r.process(first);
    const rootTs = (await r.store.get(id))?.rootTs ?? '';
    const before = slack.thread('C0INCIDENTS', rootTs).length;
    // An HA peer's copy a minute later (another duplicate window, so another job): nothing.
    expect((await r.process(deliveryJob(firing, at(2.5)))).entries).toEqual([]);
    // The same job again (a retry after a crash): it replays its recorded entries, Slack sees nothing new.
    expect((await r.process(first)).entries).toHaveLength(1);
    expect(slack.thread('C0INCIDENTS', rootTs)).toHaveLength(before);

    const repeat = await r.process(deliveryJob(firing, at(240)));
    expect(repeat.entries).toEqual(['still-firing:1']);
    expect(repeat.triage).toEqual([]);
    const thread = slack.thread('C0INCIDENTS', rootTs);
    expect(thread).toHaveLength(before + 1);
    expect(thread.at(-1)?.text).toMatch(/still firing/i);
    expect(slack.messages('C0INCIDENTS').filter((m) => m.ts === rootTs)).toHaveLength(1);
  });

  it('routes a new incident by its labels', async () => {
    const r = await replica(`t-${randomUUID()}`, 'namespace=monitoring:C0NETOPS');
    await r.process(deliveryJob(firing, at(0)));
    const incident = await r.store.get(id);
    expect(incident?.channel).toBe('C0NETOPS');
    expect(slack.thread('C0NETOPS', incident?.rootTs ?? '')).toHaveLength(3);
  });

  it('posts each message exactly once when two replicas process the same deliveries concurrently', async () => {
    const prefix = `t-${randomUUID()}`;
    const a = await replica(prefix);
    const b = await replica(prefix);
    const postsBefore = slack.callsTo('chat.postMessage').length;
    const updatesBefore = slack.callsTo('chat.update').length;
    const deliveries = [
      deliveryJob(firing, at(0)),
      deliveryJob(resolveAlerts(firing, [0], at(10)), at(11)),
      deliveryJob(refire(resolveAlerts(firing, [0], at(10)), 0, at(15)), at(16)),
      deliveryJob(resolveAlerts(refire(firing, 0, at(15)), [0, 1], at(30)), at(31)),
    ];
    for (const delivery of deliveries) {
      // The same job handed to both replicas at once (an id collision at a window boundary, a stalled job re-run).
      await Promise.all([a.process(delivery), b.process({ data: { ...delivery.data, nonce: randomUUID() } })]);
    }
    const incident = await a.store.get(id);
    const rootTs = incident?.rootTs ?? '';
    const thread = slack.thread('C0INCIDENTS', rootTs);
    // fired, 2 × queued, resolved (node-7), refired, queued (node-7 again: new job or debounced), resolved (all)
    expect(thread.map((m) => m.text).length).toBe(7);
    expect(new Set(thread.map((m) => m.text)).size).toBe(thread.length);
    const posts = slack.callsTo('chat.postMessage').length - postsBefore;
    expect(posts).toBe(thread.length + 1);
    expect(slack.callsTo('chat.update').length - updatesBefore).toBe(3);
    expect(incident?.status).toBe('resolved');
  });

  it('resumes a job that failed half-way without posting anything twice', async () => {
    const r = await replica(`t-${randomUUID()}`);
    await r.process(deliveryJob(firing, at(0)));
    const rootTs = (await r.store.get(id))?.rootTs ?? '';
    const resolve = deliveryJob(resolveAlerts(firing, [0, 1], at(20)), at(21));
    // Slack answers 500 to every try of the resolved entry, by the drain the job starts and by the job's own wait:
    // the poster gives up twice, the job fails after the state moved and the root was updated.
    slack.failNext('chat.postMessage', { status: 500, times: 10 });
    await expect(r.process(resolve)).rejects.toThrow();
    expect((await r.store.get(id))?.status).toBe('resolved');
    expect(slack.thread('C0INCIDENTS', rootTs)).toHaveLength(3);
    expect(roots('C0INCIDENTS', rootTs)[0]?.edits).toBe(1);
    const retried = await r.process(resolve);
    expect(retried.rootUpdated).toBe(true);
    const thread = slack.thread('C0INCIDENTS', rootTs);
    expect(thread).toHaveLength(4);
    expect(thread[3]?.text).toMatch(/resolved/i);
    expect(roots('C0INCIDENTS', rootTs)[0]?.edits).toBe(1);
    await r.process(resolve);
    expect(slack.thread('C0INCIDENTS', rootTs)).toHaveLength(4);
    expect(roots('C0INCIDENTS', rootTs)[0]?.edits).toBe(1);
  });
});
