// "Silence 1h" against a real Alertmanager (Debian prometheus-alertmanager) grouping with `group_by: [cluster]`:
// it accepts the matchers netcheck builds (escaped regex alternations, `label=""`), its own filter finds the alerts
// they select, and its `silencedBy` shows that only the incident's alerts are muted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertState } from '../../../src/incident/incident.js';
import { ACTION } from '../../../src/render/slack/action-ids.js';
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack.js';
import { type AlertmanagerServer, startAlertmanager } from '../../support/prometheus/alertmanager-lab.js';
import { redisForFile } from '../../support/redis-for-file.js';
import { type BotWorld, SIGNING_SECRET, startBotWorld } from '../../support/service-world.js';
import { blockActions, sendInteraction } from '../../support/slack-request.js';

interface GettableAlert {
  labels: Record<string, string>;
  fingerprint: string;
  status: { silencedBy: string[] };
}

const redis = redisForFile();
let slack: FakeSlack;
let am: AlertmanagerServer;
let bot: BotWorld;

const conntrack = (cluster: string, instance: string) => ({
  alertname: 'NodeHighNumberConntrackEntriesUsed',
  cluster,
  instance,
  job: 'node-exporter',
  severity: 'warning',
});
const crashLooping = (cluster: string) => ({
  alertname: 'KubePodCrashLooping',
  cluster,
  pod: 'coredns-5d78c9869d-x2x7k',
});
const watchdog = (cluster: string) => ({ alertname: 'Watchdog', cluster, severity: 'none' });

beforeAll(async () => {
  // Nothing listens at the webhook: this Alertmanager only holds alerts and silences.
  am = await startAlertmanager({ url: 'http://127.0.0.1:9/alertmanager', token: 'unused', groupBy: ['cluster'] });
  slack = await startFakeSlack();
  bot = await startBotWorld(redis, { slack, alertmanagerUrl: am.url });
}, 60_000);
afterAll(async () => {
  await bot?.close();
  await slack?.close();
  await am?.stop();
});

async function alerts(): Promise<GettableAlert[]> {
  return (await fetch(`${am.url}/api/v2/alerts`)).json() as Promise<GettableAlert[]>;
}

/** Sends `sets` to Alertmanager as a Prometheus would; resolves once it lists them. */
async function fire(sets: Record<string, string>[]): Promise<void> {
  const body = sets.map((labels) => ({ labels, annotations: { summary: labels.alertname } }));
  const sent = await fetch(`${am.url}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(sent.status).toBe(200);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const listed = await alerts();
    if (sets.every((labels) => listed.some((alert) => same(alert.labels, labels)))) return;
    if (Date.now() > deadline) throw new Error('Alertmanager did not list the alerts sent');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function state(alert: GettableAlert): AlertState {
  return {
    fingerprint: alert.fingerprint,
    alertname: alert.labels.alertname ?? '',
    status: 'firing',
    startsAt: new Date().toISOString(),
    labels: alert.labels,
  };
}

const same = (a: Record<string, string>, b: Record<string, string>) =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

async function press(cluster: string, incidentLabels: Record<string, string>[], id: string): Promise<string> {
  const current = await alerts();
  const incident = await bot.alertIncident({
    groupKey: `{}:{cluster="${cluster}"}`,
    groupLabels: { cluster },
    commonLabels: { cluster },
    alerts: current.filter((alert) => incidentLabels.some((labels) => same(labels, alert.labels))).map(state),
  });
  expect(incident.alerts).toHaveLength(incidentLabels.length);
  const responseUrl = slack.responseUrl(id);
  const result = await sendInteraction(
    bot.events,
    SIGNING_SECRET,
    blockActions({ actionId: ACTION.silence, value: incident.id }, { ts: incident.rootTs ?? '' }, { responseUrl }),
  );
  expect(result.status).toBe(200);
  const [response] = await slack.waitFor(() => slack.responses(id).length > 0 && slack.responses(id), 15_000);
  return JSON.stringify(response?.body);
}

/** The label sets of `cluster`'s alerts that a silence mutes now. */
async function mutedIn(cluster: string): Promise<Record<string, string>[]> {
  return (await alerts())
    .filter((alert) => alert.labels.cluster === cluster && alert.status.silencedBy.length > 0)
    .map((alert) => alert.labels);
}

describe('Silence 1h against a real Alertmanager grouping by cluster', () => {
  it('the same alert on two nodes: one silence with an escaped regex of their instances, muting only them', async () => {
    const cluster = 'prod-eu-1';
    const incidentAlerts = [conntrack(cluster, '10.0.1.7:9100'), conntrack(cluster, '10.0.1.8:9100')];
    await fire([...incidentAlerts, conntrack(cluster, '10.0.1.9:9100'), watchdog(cluster), crashLooping(cluster)]);
    const answer = await press(cluster, incidentAlerts, 'regex');
    expect(answer).toContain('Silenced in Alertmanager');
    const muted = await mutedIn(cluster);
    expect(muted).toHaveLength(2);
    for (const labels of incidentAlerts) expect(muted.some((m) => same(m, labels))).toBe(true);
    expect(answer).toContain('instance=~');
  });

  it('different alerts in the group: one silence per alert (with label="" matchers), muting only them', async () => {
    const cluster = 'prod-us-2';
    const incidentAlerts = [conntrack(cluster, '10.0.2.7:9100'), crashLooping(cluster)];
    await fire([...incidentAlerts, conntrack(cluster, '10.0.2.9:9100'), watchdog(cluster)]);
    const answer = await press(cluster, incidentAlerts, 'per-alert');
    expect(answer).toContain('Silenced in Alertmanager');
    const muted = await mutedIn(cluster);
    expect(muted).toHaveLength(2);
    for (const labels of incidentAlerts) expect(muted.some((m) => same(m, labels))).toBe(true);
    const silences = (await (await fetch(`${am.url}/api/v2/silences`)).json()) as {
      id: string;
      matchers: { name: string; value: string }[];
    }[];
    const created = silences.filter((s) => answer.includes(s.id));
    expect(created).toHaveLength(2);
    expect(created.flatMap((s) => s.matchers)).toContainEqual(expect.objectContaining({ name: 'pod', value: '' }));
  });
});
