// The IncidentStore port's contract (src/app/ports/incident-store.ts) as cases any implementation must pass: the
// Redis store and the in-memory one run the same cases (test/adapters/redis/incident-store-contract.test.ts).
import { expect, it } from 'vitest';
import type { IncidentStore } from '../../src/app/ports/incident-store.js';
import { applyDelivery } from '../../src/incident/apply-delivery.js';
import type { Incident } from '../../src/incident/incident.js';
import { fixture, resolveAlerts } from '../fixtures/alertmanager/fixtures.js';

/** A fresh, empty store for one case; `open` gives another process's view of it. */
export type IncidentStoreWorld = () => { open(): IncidentStore };

const ctx = { cluster: 'prod', channel: 'C0INC', now: '2025-03-14T09:30:00.000Z', duplicateWindowMs: 120_000 };
const firing = (): Incident => applyDelivery(undefined, fixture('conntrack-firing'), ctx).incident;

export function incidentStoreContract(world: IncidentStoreWorld): void {
  it('stores a copy: what is read back equals what was written, and changing it changes nothing stored', async () => {
    const { open } = world();
    const incident = firing();
    expect(await open().get(incident.id)).toBeUndefined();
    expect(await open().update(incident.id, () => incident)).toEqual(incident);
    const read = await open().get(incident.id);
    expect(read).toEqual(incident);
    read?.nodes.push('node-99');
    expect(await open().get(incident.id)).toEqual(incident);
  });

  it('leaves the incident as it was, and answers it, when the change returns undefined', async () => {
    const store = world().open();
    const incident = firing();
    await store.update(incident.id, () => incident);
    expect(await store.update(incident.id, () => undefined)).toEqual(incident);
    expect(await store.update('inc-none', () => undefined)).toBeUndefined();
    expect(await store.get(incident.id)).toEqual(incident);
  });

  it("finds a node's open incident, forgets it once resolved, and keeps another open incident of the node", async () => {
    const { open } = world();
    const incident = firing();
    await open().update(incident.id, () => incident);
    expect((await open().openIncidentForNode('node-7'))?.id).toBe(incident.id);
    expect(await open().openIncidentForNode('node-8')).toBeUndefined();
    const resolved = applyDelivery(
      incident,
      resolveAlerts(fixture('conntrack-firing'), [0, 1], '2025-03-14T10:00:00Z'),
      { ...ctx, now: '2025-03-14T10:00:10.000Z' },
    ).incident;
    await open().update(incident.id, () => resolved);
    expect(await open().openIncidentForNode('node-7')).toBeUndefined();

    const a = { ...firing(), id: 'inc-a', nodes: ['node-1'] };
    const b = { ...firing(), id: 'inc-b', nodes: ['node-1'] };
    await open().update(a.id, () => a);
    await open().update(b.id, () => b);
    await open().update(a.id, (cur) => (cur ? { ...cur, status: 'resolved' } : cur));
    expect((await open().openIncidentForNode('node-1'))?.id).toBe('inc-b');
  });

  it('applies concurrent read-modify-writes from several processes one at a time', async () => {
    const { open } = world();
    const incident = firing();
    await open().update(incident.id, () => incident);
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        open().update(incident.id, (cur) => (cur ? { ...cur, nodes: [...cur.nodes, `extra-${i}`] } : cur)),
      ),
    );
    const nodes = (await open().get(incident.id))?.nodes ?? [];
    expect(nodes.filter((n) => n.startsWith('extra-')).sort()).toEqual(
      Array.from({ length: 12 }, (_, i) => `extra-${i}`).sort(),
    );
  });

  it('lists the most recently updated incidents first, at most `limit`', async () => {
    const store = world().open();
    // Recent times: a store may forget incidents older than its retention.
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
    for (const [id, updatedAt] of [
      ['inc-old', hoursAgo(3)],
      ['inc-new', hoursAgo(1)],
      ['inc-mid', hoursAgo(2)],
    ] as const) {
      await store.update(id, () => ({ ...firing(), id, updatedAt }));
    }
    expect((await store.recent(2)).map((i) => i.id)).toEqual(['inc-new', 'inc-mid']);
    expect((await store.recent(10)).map((i) => i.id)).toEqual(['inc-new', 'inc-mid', 'inc-old']);
  });
}
