// "Silence 1h" pressed in Slack (a signed block_actions request to the real Bolt receiver) for an incident that
// Alertmanager grouped with `group_by: [cluster]`: the fake Alertmanager holds the incident's alerts and others of
// the same cluster, and says which alerts each created silence mutes.
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertState } from '../../../src/incident/incident.js';
import { ACTION } from '../../../src/render/slack/action-ids.js';
import {
  alertmanagerFingerprint,
  type FakeAlertmanager,
  startFakeAlertmanager,
} from '../../support/fake-alertmanager.js';
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack.js';
import { redisForFile } from '../../support/redis-for-file.js';
import { type BotWorld, SIGNING_SECRET, startBotWorld } from '../../support/service-world.js';
import { blockActions, sendInteraction } from '../../support/slack-request.js';

const redis = redisForFile();
let slack: FakeSlack;
let am: FakeAlertmanager;
let world: BotWorld | undefined;
afterEach(async () => {
  await world?.close();
  await slack?.close();
  await am?.close();
  world = undefined;
});

const CLUSTER = 'prod-eu-1';
const conntrack = (instance: string) => ({
  alertname: 'NodeHighNumberConntrackEntriesUsed',
  cluster: CLUSTER,
  instance,
  job: 'node-exporter',
  severity: 'warning',
});
const crashLooping = {
  alertname: 'KubePodCrashLooping',
  cluster: CLUSTER,
  namespace: 'kube-system',
  pod: 'coredns-5d78c9869d-x2x7k',
  severity: 'warning',
};
const watchdog = { alertname: 'Watchdog', cluster: CLUSTER, severity: 'none' };

function alertState(labels: Record<string, string>): AlertState {
  return {
    fingerprint: alertmanagerFingerprint(labels),
    alertname: labels.alertname ?? '',
    status: 'firing',
    startsAt: new Date().toISOString(),
    labels,
  };
}

/** An incident of the group `{cluster="prod-eu-1"}` holding `labels`; the fake holds them and `others`. */
async function clusterIncident(labels: Record<string, string>[], others: Record<string, string>[]) {
  am = await startFakeAlertmanager();
  slack = await startFakeSlack();
  world = await startBotWorld(redis, { slack, alertmanagerUrl: am.url });
  for (const set of [...labels, ...others]) am.addAlert(set);
  const incident = await world.alertIncident({
    groupKey: '{}:{cluster="prod-eu-1"}',
    groupLabels: { cluster: CLUSTER },
    commonLabels: { cluster: CLUSTER },
    alerts: labels.map(alertState),
  });
  return { bot: world, incident };
}

async function pressSilence(bot: BotWorld, incidentId: string, rootTs: string, id: string): Promise<string> {
  const responseUrl = slack.responseUrl(id);
  const result = await sendInteraction(
    bot.events,
    SIGNING_SECRET,
    blockActions({ actionId: ACTION.silence, value: incidentId }, { ts: rootTs }, { responseUrl }),
  );
  expect(result.status).toBe(200);
  const [response] = await slack.waitFor(() => slack.responses(id).length > 0 && slack.responses(id), 10_000);
  return JSON.stringify(response?.body);
}

describe('Silence 1h on a group_by: [cluster] incident', () => {
  it('mutes the incident’s alerts on two nodes and not the same alert on a third node, nor other alerts', async () => {
    const incidentAlerts = [conntrack('10.0.1.7:9100'), conntrack('10.0.1.8:9100')];
    const { bot, incident } = await clusterIncident(incidentAlerts, [
      conntrack('10.0.1.9:9100'),
      crashLooping,
      watchdog,
    ]);
    const answer = await pressSilence(bot, incident.id, incident.rootTs ?? '', 'two-nodes');
    expect(am.silences).toHaveLength(1);
    const [silence] = am.silences;
    expect(am.mutedBy(silence?.id ?? '')).toEqual(incidentAlerts);
    expect(silence?.matchers).toContainEqual({
      name: 'instance',
      value: '10\\.0\\.1\\.7:9100|10\\.0\\.1\\.8:9100',
      isRegex: true,
      isEqual: true,
    });
    // The confirmation shows the matchers and the silence id.
    expect(answer).toContain('instance=~');
    expect(answer).toContain('alertname=');
    expect(answer).toContain(silence?.id);
    expect((await bot.parts.store.get(incident.id))?.silence?.id).toBe(silence?.id);
    // Each filter Alertmanager was asked about was a matcher of the silence.
    expect(am.alertQueries.flat()).toContain('cluster="prod-eu-1"');
  });

  it('different alerts in the group: one silence per alert, each muting that alert only', async () => {
    const incidentAlerts = [conntrack('10.0.1.7:9100'), crashLooping];
    const { bot, incident } = await clusterIncident(incidentAlerts, [conntrack('10.0.1.9:9100'), watchdog]);
    const answer = await pressSilence(bot, incident.id, incident.rootTs ?? '', 'mixed');
    expect(am.silences).toHaveLength(2);
    const mutedAll = am.silences.flatMap((s) => am.mutedBy(s.id));
    expect(mutedAll).toHaveLength(2);
    expect(mutedAll).toEqual(expect.arrayContaining(incidentAlerts));
    for (const s of am.silences) expect(answer).toContain(s.id);
    expect((await bot.parts.store.get(incident.id))?.silence?.id).toBe(am.silences.map((s) => s.id).join(', '));
  });

  it('refuses, creating nothing, when the matchers would also mute an alert outside the incident', async () => {
    const incidentAlert = conntrack('10.0.1.7:9100');
    // The same alert from a second Prometheus that adds its own label: a different alert the matchers select.
    const fromReplica = { ...incidentAlert, prometheus: 'monitoring/k8s-replica' };
    const { bot, incident } = await clusterIncident([incidentAlert], [fromReplica]);
    const answer = await pressSilence(bot, incident.id, incident.rootTs ?? '', 'refused');
    expect(am.silences).toHaveLength(0);
    expect(answer).toContain('Not silenced');
    expect(answer).toContain('outside this incident');
    expect(answer).toContain('monitoring/k8s-replica');
    expect((await bot.parts.store.get(incident.id))?.silence).toBeUndefined();
  });
});
