import { describe, expect, it } from 'vitest';
import { alertFingerprint } from '../../../src/alerts/alert-fingerprint.js';
import { deliveryKey, incidentId } from '../../../src/alerts/delivery-key.js';
import { fixture, refire, resolveAlerts } from '../../fixtures/alertmanager/fixtures.js';

describe('incidentId', () => {
  it('is inc- plus a hash of cluster and groupKey', () => {
    const id = incidentId('prod', '{}:{alertname="A"}');
    expect(id).toMatch(/^inc-[0-9a-f]{24}$/);
    expect(incidentId('prod', '{}:{alertname="A"}')).toBe(id);
    expect(incidentId('staging', '{}:{alertname="A"}')).not.toBe(id);
    expect(incidentId('prod', '{}:{alertname="B"}')).not.toBe(id);
  });
});

describe('deliveryKey', () => {
  const payload = fixture('conntrack-firing');

  it('is the same for identical deliveries whatever their text or alert order', () => {
    const key = deliveryKey('prod', payload);
    expect(key).toMatch(/^[0-9a-f]{40}$/);
    const reordered = { ...payload, alerts: [...payload.alerts].reverse() };
    expect(deliveryKey('prod', reordered)).toBe(key);
    const retext = {
      ...payload,
      alerts: payload.alerts.map((a) => ({ ...a, annotations: { description: 'now 81% used' } })),
      commonAnnotations: {},
      externalURL: 'http://alertmanager-main-1:9093',
    };
    expect(deliveryKey('prod', retext)).toBe(key);
  });

  it('changes with the cluster, group, status, an alert status or a new startsAt', () => {
    const key = deliveryKey('prod', payload);
    expect(deliveryKey('staging', payload)).not.toBe(key);
    expect(deliveryKey('prod', { ...payload, groupKey: `${payload.groupKey}x` })).not.toBe(key);
    expect(deliveryKey('prod', resolveAlerts(payload, [0], '2025-03-14T10:00:00Z'))).not.toBe(key);
    expect(deliveryKey('prod', refire(payload, 1, '2025-03-14T11:00:00Z'))).not.toBe(key);
  });

  it('has no colon (BullMQ refuses custom job ids with one)', () => {
    expect(deliveryKey('a:b', payload)).not.toContain(':');
  });
});

describe('alertFingerprint', () => {
  it('uses the sent fingerprint, else a stable hash of the sorted labels', () => {
    expect(alertFingerprint({ labels: {}, fingerprint: 'abc' })).toBe('abc');
    const a = alertFingerprint({ labels: { alertname: 'X', instance: 'n1' } });
    expect(a).toMatch(/^l[0-9a-f]{16}$/);
    expect(alertFingerprint({ labels: { instance: 'n1', alertname: 'X' } })).toBe(a);
    expect(alertFingerprint({ labels: { instance: 'n2', alertname: 'X' } })).not.toBe(a);
  });
});
