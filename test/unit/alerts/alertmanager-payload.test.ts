import { describe, expect, it } from 'vitest';
import { isZeroTime, parseAlertmanagerPayload } from '../../../src/alerts/alertmanager-payload.js';
import { fixture, fixtureText } from '../../fixtures/alertmanager/fixtures.js';

describe('parseAlertmanagerPayload', () => {
  it('accepts a v4 payload and keeps its fields', () => {
    const payload = fixture('conntrack-firing');
    expect(payload.groupKey).toBe('{}/{namespace="monitoring"}:{alertname="NodeHighNumberConntrackEntriesUsed"}');
    expect(payload.alerts).toHaveLength(2);
    expect(payload.alerts[0]?.fingerprint).toBe('3d2f5e8a1c9b0746');
    expect(isZeroTime(payload.alerts[0]?.endsAt ?? '')).toBe(true);
    expect(payload.truncatedAlerts).toBe(0);
  });

  it('tolerates unknown fields and keeps truncatedAlerts', () => {
    const payload = fixture('probe-failure-v4');
    expect(payload.truncatedAlerts).toBe(2);
    expect((payload as Record<string, unknown>).groupFingerprint).toBe('not-a-v4-field');
  });

  it('accepts an old payload without fingerprint or truncatedAlerts', () => {
    const payload = fixture('legacy-no-fingerprint');
    expect(payload.alerts[0]?.fingerprint).toBeUndefined();
    expect(payload.truncatedAlerts).toBe(0);
    expect(payload.alerts[0]?.startsAt).toBe('2019-05-21T14:02:11.739266876+02:00');
  });

  it('names the path of a missing or ill-typed field', () => {
    const json = JSON.parse(fixtureText('conntrack-firing'));
    json.alerts[1].status = 'pending';
    const bad = parseAlertmanagerPayload(json);
    expect(bad).toEqual({ ok: false, error: expect.stringContaining('alerts[1].status') });

    delete json.groupKey;
    json.alerts[1].status = 'firing';
    const missing = parseAlertmanagerPayload(json);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error).toMatch(/^not an Alertmanager webhook payload v4: groupKey: /);

    json.groupKey = 'g';
    json.alerts[0].labels.severity = 3;
    const typed = parseAlertmanagerPayload(json);
    expect(typed.ok === false && typed.error).toContain('alerts[0].labels.severity');
  });

  it('rejects what is not a payload at all', () => {
    for (const json of [null, 'text', [], { alerts: 'x' }]) {
      const result = parseAlertmanagerPayload(json);
      expect(result.ok).toBe(false);
    }
    const result = parseAlertmanagerPayload(null);
    expect(result.ok === false && result.error).toContain('payload:');
  });
});
