import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisIncidentStore } from '../../../src/adapters/redis/incident-store.js';
import { applyDelivery } from '../../../src/incident/apply-delivery.js';
import type { Incident } from '../../../src/incident/incident.js';
import { fixture, resolveAlerts } from '../../fixtures/alertmanager/fixtures.js';
import { redisForFile } from '../../support/redis-for-file.js';

const redis = redisForFile();
let client: Redis;

beforeAll(async () => {
  client = new Redis(redis.url);
});

afterAll(async () => {
  await client?.quit();
});

const ctx = { cluster: 'prod', channel: 'C0INC', now: '2025-03-14T09:30:00.000Z', duplicateWindowMs: 120_000 };

function firingIncident(): Incident {
  return applyDelivery(undefined, fixture('conntrack-firing'), ctx).incident;
}

describe('RedisIncidentStore', () => {
  it('stores, reads and indexes an open incident by node; resolving removes it and sets the 30-day expiry', async () => {
    const prefix = `t-${randomUUID()}`;
    const store = new RedisIncidentStore(client, prefix);
    const incident = firingIncident();
    expect(await store.get(incident.id)).toBeUndefined();
    await store.update(incident.id, () => incident);
    expect(await store.get(incident.id)).toEqual(incident);
    expect(await client.ttl(`${prefix}:incident:${incident.id}`)).toBe(-1);
    expect((await store.openIncidentForNode('node-7'))?.id).toBe(incident.id);
    expect(await store.openIncidentForNode('node-8')).toBeUndefined();

    const resolved = applyDelivery(
      incident,
      resolveAlerts(fixture('conntrack-firing'), [0, 1], '2025-03-14T10:00:00Z'),
      { ...ctx, now: '2025-03-14T10:00:10.000Z' },
    ).incident;
    await store.update(incident.id, () => resolved);
    expect(await store.openIncidentForNode('node-7')).toBeUndefined();
    expect(await client.hlen(`${prefix}:open-by-node`)).toBe(0);
    const ttl = await client.ttl(`${prefix}:incident:${incident.id}`);
    expect(ttl).toBeGreaterThan(29 * 24 * 3600);
    expect(ttl).toBeLessThanOrEqual(30 * 24 * 3600);
  });

  it('does not drop another incident from the node index', async () => {
    const store = new RedisIncidentStore(client, `t-${randomUUID()}`);
    const a = { ...firingIncident(), id: 'inc-a', nodes: ['node-1'] };
    const b = { ...firingIncident(), id: 'inc-b', nodes: ['node-1'] };
    await store.update(a.id, () => a);
    await store.update(b.id, () => b);
    await store.update(a.id, (cur) => (cur ? { ...cur, status: 'resolved' } : cur));
    expect((await store.openIncidentForNode('node-1'))?.id).toBe('inc-b');
  });

  it('serialises concurrent read-modify-writes with its lock', async () => {
    const store = new RedisIncidentStore(client, `t-${randomUUID()}`);
    const incident = firingIncident();
    await store.update(incident.id, () => incident);
    const other = new Redis(redis.url);
    const second = new RedisIncidentStore(other, (store as unknown as { prefix: string }).prefix);
    try {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? store : second).update(incident.id, (cur) => (cur ? { ...cur, resends: cur.resends + 1 } : cur)),
        ),
      );
    } finally {
      await other.quit();
    }
    expect((await store.get(incident.id))?.resends).toBe(20);
  });

  it('leaves the incident unchanged when the change returns undefined', async () => {
    const store = new RedisIncidentStore(client, `t-${randomUUID()}`);
    expect(await store.update('inc-none', () => undefined)).toBeUndefined();
    expect(await store.get('inc-none')).toBeUndefined();
  });

  it('applies a change once per key and returns the recorded result to a retry', async () => {
    const store = new RedisIncidentStore(client, `t-${randomUUID()}`);
    const incident = firingIncident();
    let calls = 0;
    const change = (cur: Incident | undefined) => {
      calls++;
      return { incident: { ...(cur ?? incident), resends: (cur?.resends ?? 0) + 1 }, result: { n: calls } };
    };
    expect(await store.applyOnce(incident.id, 'delivery-1', change)).toEqual({ n: 1 });
    expect(await store.applyOnce(incident.id, 'delivery-1', change)).toEqual({ n: 1 });
    expect(await store.applyOnce(incident.id, 'delivery-2', change)).toEqual({ n: 2 });
    expect(calls).toBe(2);
    expect((await store.get(incident.id))?.resends).toBe(2);
  });

  it('lists the most recent incidents first and forgets expired ones', async () => {
    const prefix = `t-${randomUUID()}`;
    const store = new RedisIncidentStore(client, prefix);
    const base = firingIncident();
    const now = Date.now();
    for (const [id, minutesAgo] of [
      ['inc-1', 3],
      ['inc-2', 1],
      ['inc-3', 2],
      ['inc-old', 40 * 24 * 60],
    ] as const) {
      await store.update(id, () => ({ ...base, id, updatedAt: new Date(now - minutesAgo * 60_000).toISOString() }));
    }
    expect(await client.zscore(`${prefix}:incidents`, 'inc-old')).toBeNull();
    expect((await store.recent(2)).map((i) => i.id)).toEqual(['inc-2', 'inc-3']);
    await client.del(`${prefix}:incident:inc-3`);
    expect((await store.recent(5)).map((i) => i.id)).toEqual(['inc-2', 'inc-1']);
    expect(await client.zcard(`${prefix}:incidents`)).toBe(2);
    expect(await store.recent(0)).toEqual([]);
  });
});
