import { describe, expect, it } from 'vitest';
import { incidentId } from '../../../src/alerts/delivery-key.js';
import { parseTriageRules } from '../../../src/alerts/triage-rules.js';
import { applyDelivery, type DeliveryContext } from '../../../src/incident/apply-delivery.js';
import type { Incident } from '../../../src/incident/incident.js';
import { fixture, onlyAlerts, refire, resolveAlerts } from '../../fixtures/alertmanager/fixtures.js';

const T0 = '2025-03-14T09:27:30.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
const ctx = (minutes = 0, extra: Partial<DeliveryContext> = {}): DeliveryContext => ({
  cluster: 'prod',
  channel: 'C0INC',
  now: at(minutes),
  duplicateWindowMs: 120_000,
  ...extra,
});

const firing = fixture('conntrack-firing');
const types = (r: { entries: { entry: { type: string } }[] }) => r.entries.map((e) => e.entry.type);

function opened(): Incident {
  return applyDelivery(undefined, firing, ctx()).incident;
}

describe('applyDelivery: a new group', () => {
  it('creates the incident and a fired entry with every firing alert', () => {
    const r = applyDelivery(undefined, firing, ctx());
    expect(r.changed).toBe(true);
    expect(r.rootChanged).toBe(false);
    expect(r.incident).toMatchObject({
      id: incidentId('prod', firing.groupKey),
      cluster: 'prod',
      source: 'alert',
      groupKey: firing.groupKey,
      title: 'NodeHighNumberConntrackEntriesUsed',
      status: 'firing',
      channel: 'C0INC',
      createdAt: T0,
      resends: 0,
      truncatedAlerts: 0,
      nodes: ['node-7', 'node-9'],
      externalURL: 'http://alertmanager-main-0:9093',
    });
    expect(r.incident.alerts.map((a) => [a.fingerprint, a.node, a.severity, a.endsAt])).toEqual([
      ['3d2f5e8a1c9b0746', 'node-7', 'warning', undefined],
      ['a81c04be5f27d913', 'node-9', 'warning', undefined],
    ]);
    expect(r.incident.alerts[0]?.summary).toBe('Number of conntrack are getting close to the limit.');
    expect(r.entries).toHaveLength(1);
    const [fired] = r.entries;
    expect(fired?.key).toMatch(/^fired:[0-9a-f]{24}$/);
    expect(fired?.entry).toMatchObject({ type: 'fired', at: T0, truncatedAlerts: 0 });
  });

  it('keys a single-alert entry by fingerprint and startsAt', () => {
    const r = applyDelivery(undefined, onlyAlerts(firing, [0]), ctx());
    expect(r.entries.map((e) => e.key)).toEqual(['fired:3d2f5e8a1c9b0746:2025-03-14T09:26:53.512Z']);
    expect(r.incident.title).toBe('NodeHighNumberConntrackEntriesUsed on node-7');
  });

  it('asks for a collection on each triage alert node', () => {
    const r = applyDelivery(undefined, firing, ctx());
    expect(r.triage.map((t) => [t.node, t.ref.kind, t.labels.alertname])).toEqual([
      ['node-7', 'name', 'NodeHighNumberConntrackEntriesUsed'],
      ['node-9', 'name', 'NodeHighNumberConntrackEntriesUsed'],
    ]);
    expect(applyDelivery(undefined, firing, ctx(0, { triageRules: parseTriageRules('none') })).triage).toEqual([]);
    expect(applyDelivery(undefined, fixture('probe-failure-v4'), ctx()).triage).toEqual([]);
  });

  it('keeps an IP instance as the triage target and adds no node name', () => {
    const r = applyDelivery(undefined, fixture('legacy-no-fingerprint'), ctx());
    expect(r.incident.nodes).toEqual([]);
    expect(r.incident.alerts[0]?.fingerprint).toMatch(/^l[0-9a-f]{16}$/);
    expect(r.triage.map((t) => [t.node, t.ref])).toEqual([
      ['10.0.1.7:9100', { kind: 'address', address: '10.0.1.7', input: '10.0.1.7:9100' }],
    ]);
  });

  it('keeps truncatedAlerts in the incident and the fired entry', () => {
    const r = applyDelivery(undefined, fixture('probe-failure-v4'), ctx());
    expect(r.incident.truncatedAlerts).toBe(2);
    expect(r.entries[0]?.entry).toMatchObject({ type: 'fired', truncatedAlerts: 2 });
    expect(r.incident.alerts[0]?.node).toBeUndefined();
  });

  it('opens an incident already resolved when the first delivery is resolved', () => {
    const r = applyDelivery(undefined, resolveAlerts(firing, [0, 1], at(3)), ctx(4));
    expect(r.incident.status).toBe('resolved');
    expect(r.incident.resolvedAt).toBe(at(4));
    expect(types(r)).toEqual(['resolved']);
    expect(r.entries[0]?.entry).toMatchObject({ all: true });
    expect(r.triage).toEqual([]);
  });
});

describe('applyDelivery: later deliveries', () => {
  it('does nothing at all for the same firing set within the duplicate window (HA peers)', () => {
    const current = opened();
    for (const minutes of [0, 0.5, 1.9]) {
      const r = applyDelivery(current, structuredClone(firing), ctx(minutes));
      expect(r).toEqual({ incident: current, entries: [], rootChanged: false, triage: [], changed: false });
    }
  });

  it('records a repeat re-send after the window as still-firing, with no new incident or triage', () => {
    const current = opened();
    const r = applyDelivery(current, firing, ctx(240));
    expect(r.incident.id).toBe(current.id);
    expect(r.incident.resends).toBe(1);
    expect(r.incident.lastDeliveryAt).toBe(at(240));
    expect(r.entries).toEqual([
      {
        key: 'still-firing:1',
        entry: { type: 'still-firing', at: at(240), resends: 1, since: '2025-03-14T09:26:53.512Z' },
      },
    ]);
    expect(r.triage).toEqual([]);
    expect(r.rootChanged).toBe(false);
    const again = applyDelivery(r.incident, firing, ctx(241));
    expect(again.changed).toBe(false);
    const third = applyDelivery(r.incident, firing, ctx(480));
    expect(third.entries.map((e) => e.key)).toEqual(['still-firing:2']);
  });

  it('adds a fired entry for a new fingerprint and triages only it', () => {
    const current = applyDelivery(undefined, onlyAlerts(firing, [0]), ctx()).incident;
    const r = applyDelivery(current, firing, ctx(1));
    expect(types(r)).toEqual(['fired']);
    expect(r.entries[0]?.key).toBe('fired:a81c04be5f27d913:2025-03-14T09:27:23.512Z');
    expect(r.triage.map((t) => t.node)).toEqual(['node-9']);
    expect(r.rootChanged).toBe(true);
    expect(r.incident.title).toBe('NodeHighNumberConntrackEntriesUsed');
  });

  it('resolves alerts one by one, then the incident, and updates the root', () => {
    const current = opened();
    const partly = applyDelivery(current, resolveAlerts(firing, [0], at(10)), ctx(11));
    expect(types(partly)).toEqual(['resolved']);
    expect(partly.entries[0]?.key).toBe(`resolved:3d2f5e8a1c9b0746:${at(10)}`);
    expect(partly.entries[0]?.entry).toMatchObject({ all: false });
    expect(partly.incident.status).toBe('firing');
    expect(partly.rootChanged).toBe(true);
    expect(partly.incident.alerts[0]).toMatchObject({ status: 'resolved', endsAt: at(10) });

    const all = applyDelivery(partly.incident, resolveAlerts(firing, [0, 1], at(12)), ctx(13));
    expect(all.entries.map((e) => e.key)).toEqual([`resolved:a81c04be5f27d913:${at(12)}`]);
    expect(all.entries[0]?.entry).toMatchObject({ type: 'resolved', all: true });
    expect(all.incident).toMatchObject({ status: 'resolved', resolvedAt: at(13) });
    expect(all.rootChanged).toBe(true);
    expect(all.incident.alerts[0]?.endsAt).toBe(at(10));

    const duplicate = applyDelivery(all.incident, resolveAlerts(firing, [0, 1], at(12)), ctx(20));
    expect(duplicate.changed).toBe(false);
  });

  it('reopens the same incident when a resolved alert fires again', () => {
    const resolved = applyDelivery(opened(), resolveAlerts(firing, [0, 1], at(10)), ctx(10)).incident;
    const payload = onlyAlerts(refire(resolveAlerts(firing, [1], at(10)), 0, at(30)), [0, 1]);
    const r = applyDelivery(resolved, payload, ctx(31));
    expect(r.incident.id).toBe(resolved.id);
    expect(r.incident.status).toBe('firing');
    expect(r.incident.resolvedAt).toBeUndefined();
    expect(types(r)).toEqual(['refired']);
    expect(r.entries[0]?.key).toBe(`refired:3d2f5e8a1c9b0746:${at(30)}`);
    expect(r.rootChanged).toBe(true);
    expect(r.triage.map((t) => t.node)).toEqual(['node-7']);
    expect(r.incident.createdAt).toBe(T0);
  });

  it('ignores out-of-order deliveries: an old firing after the resolve, a resolve of an older episode', () => {
    const resolved = applyDelivery(opened(), resolveAlerts(firing, [0, 1], at(10)), ctx(10)).incident;
    const late = applyDelivery(resolved, firing, ctx(11));
    expect(late.changed).toBe(false);
    expect(late.incident.status).toBe('resolved');

    const refired = applyDelivery(resolved, refire(firing, 0, at(30)), ctx(31)).incident;
    const oldResolve = applyDelivery(refired, resolveAlerts(firing, [0], at(10)), ctx(32));
    expect(oldResolve.entries).toEqual([]);
    expect(oldResolve.incident.alerts[0]).toMatchObject({ status: 'firing', startsAt: at(30) });
  });

  it('reports a change of truncatedAlerts on the root', () => {
    const probe = fixture('probe-failure-v4');
    const current = applyDelivery(undefined, probe, ctx()).incident;
    const more = {
      ...probe,
      alerts: [
        ...probe.alerts,
        { ...probe.alerts[0], fingerprint: 'ff', labels: { alertname: 'BlackboxProbeFailed', instance: 'x' } },
      ],
    };
    const r = applyDelivery(current, more as typeof probe, ctx(5));
    expect(r.rootChanged).toBe(true);
    expect(types(r)).toEqual(['fired']);
  });

  it('keeps nodes added by others and the incident channel', () => {
    const current = { ...opened(), nodes: ['node-7', 'node-9', 'node-12'], channel: 'C0OLD' };
    const r = applyDelivery(current, resolveAlerts(firing, [0], at(5)), ctx(5, { channel: 'C0NEW' }));
    expect(r.incident.nodes).toEqual(['node-12', 'node-7', 'node-9']);
    expect(r.incident.channel).toBe('C0OLD');
  });
});
