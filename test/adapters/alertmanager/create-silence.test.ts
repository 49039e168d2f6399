import { afterEach, describe, expect, it } from 'vitest';
import { createSilence } from '../../../src/adapters/alertmanager/create-silence.js';
import { AlertmanagerError } from '../../../src/app/ports/alertmanager-error.js';
import type { Incident } from '../../../src/incident/incident.js';
import { type PostableSilence, silencesForIncident } from '../../../src/incident/incident-silences.js';
import { type FakeAlertmanager, startFakeAlertmanager } from '../../support/fake-alertmanager.js';

const NOW = new Date();

function incident(over: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-1f2e3d4c',
    cluster: 'prod-eu-1',
    source: 'alert',
    groupKey: '{}:{alertname="NodeHighNumberConntrackEntriesUsed"}',
    title: 'NodeHighNumberConntrackEntriesUsed',
    status: 'firing',
    channel: 'C0INC',
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    alerts: [
      {
        fingerprint: 'a1',
        alertname: 'NodeHighNumberConntrackEntriesUsed',
        status: 'firing',
        startsAt: NOW.toISOString(),
        labels: { alertname: 'NodeHighNumberConntrackEntriesUsed', instance: '10.0.1.5:9100', severity: 'warning' },
      },
    ],
    commonLabels: { alertname: 'NodeHighNumberConntrackEntriesUsed', severity: 'warning', job: 'node-exporter' },
    groupLabels: { namespace: 'monitoring', cluster: '' },
    truncatedAlerts: 0,
    resends: 0,
    nodes: ['node-7'],
    checks: [],
    ...over,
  };
}

const alice = { userId: 'U0ALICE', userName: 'alice' };
let am: FakeAlertmanager | undefined;
afterEach(async () => {
  await am?.close();
  am = undefined;
});

/** The one silence of a single-alert incident. */
function silenceForIncident(inc: Incident, by: typeof alice, now: Date): PostableSilence {
  const plan = silencesForIncident(inc, by, now);
  if (!plan.ok || plan.silences.length !== 1) throw new Error(`expected one silence, got ${JSON.stringify(plan)}`);
  return plan.silences[0] as PostableSilence;
}

describe('silencesForIncident', () => {
  it("matches the alert's whole label set, not the group labels, equality only, empty values dropped", () => {
    const body = silenceForIncident(incident(), alice, NOW);
    expect(body.matchers).toEqual([
      { name: 'alertname', value: 'NodeHighNumberConntrackEntriesUsed', isRegex: false, isEqual: true },
      { name: 'instance', value: '10.0.1.5:9100', isRegex: false, isEqual: true },
      { name: 'severity', value: 'warning', isRegex: false, isEqual: true },
    ]);
    expect(body.matchers.map((m) => m.name)).not.toContain('namespace');
  });
});

describe('createSilence against a fake Alertmanager v2', () => {
  it('creates a one-hour silence by the Slack user with the incident id in the comment', async () => {
    am = await startFakeAlertmanager();
    const body = silenceForIncident(incident(), alice, NOW);
    const id = await createSilence(am.url, body);
    expect(am.silences).toHaveLength(1);
    const [silence] = am.silences;
    expect(silence?.id).toBe(id);
    expect(silence).toMatchObject({ createdBy: 'alice', matchers: body.matchers });
    expect(silence?.comment).toContain('inc-1f2e3d4c');
    expect(Date.parse(silence?.endsAt ?? '') - Date.parse(silence?.startsAt ?? '')).toBe(3600_000);
  });

  it('sends basic auth from the URL user info, without the credentials in the URL', async () => {
    am = await startFakeAlertmanager({ basicAuth: { username: 'am', password: 'p@ss:word' } });
    const base = am.url.replace('http://', 'http://am:p%40ss%3Aword@');
    await createSilence(base, silenceForIncident(incident(), alice, NOW));
    expect(am.silences).toHaveLength(1);
    const refused = await createSilence(am.url, silenceForIncident(incident(), alice, NOW)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AlertmanagerError);
    expect((refused as AlertmanagerError).status).toBe(401);
    expect((refused as AlertmanagerError).hint).toContain('credentials');
  });

  it('reports what Alertmanager refused, and never sends a silence without matchers', async () => {
    am = await startFakeAlertmanager();
    const past = silenceForIncident(incident(), alice, new Date(Date.now() - 3 * 3600_000));
    await expect(createSilence(am.url, past)).rejects.toThrow(
      'HTTP 400): "Failed to create silence: end time can\'t be in the past"',
    );
    const { createdBy: _, ...noAuthor } = silenceForIncident(incident(), alice, NOW);
    await expect(createSilence(am.url, noAuthor as never)).rejects.toThrow('createdBy in body is required');
    await expect(createSilence(am.url, { ...past, matchers: [] })).rejects.toThrow('no alert labels');
    expect(am.silences).toHaveLength(0);
    am.failNext(503, 'upstream unavailable');
    await expect(createSilence(am.url, silenceForIncident(incident(), alice, NOW))).rejects.toMatchObject({
      status: 503,
    });
  });

  it('says when Alertmanager cannot be reached', async () => {
    am = await startFakeAlertmanager();
    const url = am.url;
    await am.close();
    am = undefined;
    await expect(createSilence(url, silenceForIncident(incident(), alice, NOW), { timeoutMs: 2000 })).rejects.toThrow(
      /did not answer/,
    );
  });
});
