// Auto-triage finds the node whatever label names it: Alertmanager's webhook (real HTTP) into `netcheck serve` running
// in this process (real Redis, fake Slack, fake kube-apiserver), one alert per label shape of platform-facts §11, each
// routed to its own channel. A resolved alert's collection runs in that node's agent pod; an unresolvable one says in
// its thread which labels it had and which nodes were near. `/netcheck` with an address takes the same way.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cleanUpClusters, cluster, clusterHome, kubeconfigFor } from '../support/cluster-cli.js';
import { scriptedExec } from '../support/exec-handlers.js';
import type { FakeKubeApiserver } from '../support/fake-kube-apiserver.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { defaultChannels } from '../support/fake-slack-state.js';
import { sampleReport } from '../support/k8s-helpers.js';
import { makeNode } from '../support/kube-objects.js';
import { redisForFile } from '../support/redis-for-file.js';
import { type ServiceWorld, startServiceWorld } from '../support/service-world.js';
import { sendSlashCommand } from '../support/slack-request.js';

const AM_TOKEN = 'intake-bearer-0123456789abcdef';
const SIGNING_SECRET = 'intake-signing-secret-0123456789';

interface Shape {
  id: string;
  /** The alert's node-naming labels (alertname, job, severity are added). */
  labels: Record<string, string>;
  /** The node whose agent pod must run the collector; undefined when nothing may be collected. */
  node?: string;
}

// A node_exporter pod without hostNetwork is scraped at its pod IP: such an `instance` names no node.
const SHAPES: Shape[] = [
  { id: 'NAME', labels: { instance: 'node-a' }, node: 'node-a' },
  { id: 'IPV4PORT', labels: { instance: '10.0.3.2:9100' }, node: 'node-b' },
  { id: 'IPV6PORT', labels: { instance: '[fd00:10::3]:9100' }, node: 'node-c' },
  { id: 'BAREIP', labels: { instance: '10.0.3.4' }, node: 'node-d' },
  { id: 'NODE', labels: { node: 'node-e', instance: '10.244.5.17:9100' }, node: 'node-e' },
  { id: 'NODENAME', labels: { nodename: 'node-f', instance: '10.244.6.17:9100' }, node: 'node-f' },
  { id: 'K8SNODE', labels: { kubernetes_node: 'node-g', instance: '10.244.7.17:9100' }, node: 'node-g' },
  // The kubelet's host name (label kubernetes.io/hostname) differs from the Node's name; Prometheus' labelmap of
  // __meta_kubernetes_node_label_(.+) names it kubernetes_io_hostname, node_uname_info names it nodename.
  { id: 'HOSTLABEL', labels: { kubernetes_io_hostname: 'bm-rack3-08', instance: '10.244.8.17:9100' }, node: 'k8s-8' },
  { id: 'UNAMEHOST', labels: { nodename: 'bm-rack3-09', instance: '10.244.9.17:9100' }, node: 'k8s-9' },
  { id: 'NOMATCH', labels: { instance: '10.0.3.77:9100', nodename: 'ghost-7' } },
];

const channelOf = (shape: Shape) => `C0${shape.id}`;

const NODES = [
  makeNode('node-a', { internalIP: '10.0.3.1' }),
  makeNode('node-b', { internalIP: '10.0.3.2' }),
  makeNode('node-c', { internalIP: 'fd00:10::3' }),
  makeNode('node-d', { internalIP: '10.0.3.4' }),
  makeNode('node-e', { internalIP: '10.0.3.5' }),
  makeNode('node-f', { internalIP: '10.0.3.6' }),
  makeNode('node-g', { internalIP: '10.0.3.7' }),
  makeNode('k8s-8', { internalIP: '10.0.4.8', labels: { 'kubernetes.io/hostname': 'bm-rack3-08' } }),
  makeNode('k8s-9', { internalIP: '10.0.4.9', labels: { 'kubernetes.io/hostname': 'bm-rack3-09' } }),
];

const redis = redisForFile();
let slack: FakeSlack;
let api: FakeKubeApiserver;
let world: ServiceWorld;
let service: { url: string };

beforeAll(async () => {
  slack = await startFakeSlack({
    channels: [...defaultChannels, ...SHAPES.map((s) => ({ id: channelOf(s), name: s.id.toLowerCase() }))],
  });
  api = await cluster(NODES);
  api.exec = scriptedExec({ stdout: sampleReport });
  world = await startServiceWorld(redis, {
    slack,
    env: {
      HOME: clusterHome(),
      KUBECONFIG: kubeconfigFor(api),
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      ALERTMANAGER_TOKEN: AM_TOKEN,
      NETCHECK_CHANNEL: 'C0INCIDENTS',
      // One channel per shape: Slack's one message per second and channel would otherwise serialise every thread.
      NETCHECK_ROUTES: SHAPES.map((s) => `shape=${s.id}:${channelOf(s)}`).join(';'),
      NETCHECK_CLUSTER: 'lab',
      NETCHECK_NAMESPACE: 'netcheck',
      NETCHECK_INTERVAL: '1',
      NETCHECK_CONCURRENCY: String(SHAPES.length),
      NETCHECK_SHUTDOWN_TIMEOUT: '2',
      LOG_LEVEL: 'info',
    },
  });
  service = await world.serve();
}, 60_000);

afterAll(async () => {
  await world?.close();
  await slack?.close();
  await cleanUpClusters();
});

/** A v4 webhook body as Alertmanager sends it for one firing conntrack alert of `shape`. */
function delivery(shape: Shape) {
  const labels = {
    alertname: 'NodeHighNumberConntrackEntriesUsed',
    job: 'node-exporter',
    severity: 'warning',
    shape: shape.id,
    ...shape.labels,
  };
  const annotations = { summary: 'Number of conntrack are getting close to the limit.' };
  return {
    version: '4',
    groupKey: `{}:{alertname="NodeHighNumberConntrackEntriesUsed", shape="${shape.id}"}`,
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'netcheck',
    groupLabels: { alertname: labels.alertname, shape: shape.id },
    commonLabels: labels,
    commonAnnotations: annotations,
    externalURL: 'http://alertmanager.monitoring:9093',
    alerts: [
      {
        status: 'firing',
        labels,
        annotations,
        startsAt: new Date().toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.monitoring:9090/graph',
        fingerprint: randomUUID().replace(/-/g, '').slice(0, 16),
      },
    ],
  };
}

/** Every reply in the channel's incident thread, as fallback text (files by name). */
function thread(shape: Shape): string[] {
  const root = slack.messages(channelOf(shape))[0];
  if (!root) return [];
  return slack.thread(channelOf(shape), root.ts).map((m) => (m.files ? m.files.map((f) => f.name).join(' ') : m.text));
}

const execPods = () =>
  api.requests.filter((r) => r.upgrade).map((r) => r.path.replace(/^\/api\/v1\/namespaces\/netcheck\/pods\//, ''));

it('collects the node each label shape names, and says which labels and near nodes an unknown one had', async () => {
  const answers = await Promise.all(
    SHAPES.map((shape) =>
      fetch(`${service.url}/alertmanager`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${AM_TOKEN}` },
        body: JSON.stringify(delivery(shape)),
      }).then((r) => r.status),
    ),
  );
  expect(answers).toEqual(SHAPES.map(() => 200));

  // Finished: the node's report is in the thread, or the collection failed.
  const done = (shape: Shape) =>
    thread(shape).some(
      (line) => /failed/i.test(line) || (/^netcheck-\S+\.txt$/.test(line) && !/-raw\.txt$/.test(line)),
    );
  await slack
    .waitFor(() => SHAPES.every(done), 45_000)
    .catch((error: unknown) => {
      const state = SHAPES.map((s) => `${s.id}: ${thread(s).join(' | ')}`).join('\n');
      throw new Error(
        `${String(error)}\n${state}\nexecs: ${execPods().join(', ')}\n${world.logs.join('\n').slice(-4000)}`,
      );
    });

  for (const shape of SHAPES.filter((s) => s.node)) {
    expect(thread(shape).join('\n'), shape.id).not.toMatch(/failed/i);
    expect(execPods(), shape.id).toContain(`netcheck-agent-${shape.node}/exec`);
  }
  expect(execPods()).toHaveLength(SHAPES.filter((s) => s.node).length);

  // The unresolvable alert's failed line: its node labels in the message, the nearest node in the hint.
  const nomatch = channelOf(SHAPES.at(-1)!);
  const root = slack.messages(nomatch)[0];
  const failed = slack.thread(nomatch, root?.ts ?? '').find((m) => /failed/i.test(m.text));
  expect(failed?.text).toContain('no node matches the alert\'s labels nodename="ghost-7", instance="10.0.3.77:9100"');
  const shown = JSON.stringify(failed?.blocks ?? []);
  expect(shown).toContain('node-not-found');
  expect(shown).toContain('Nodes near them: node-g (10.0.3.7)');
}, 90_000);

it('collects the node a /netcheck names by its alert instance address', async () => {
  const before = execPods().length;
  const answer = await sendSlashCommand(`${service.url}/slack/events`, SIGNING_SECRET, {
    text: '10.0.3.4:9100',
    channel_id: 'C0NETOPS',
    response_url: slack.responseUrl('by-address'),
  });
  expect(answer.status).toBe(200);
  const files = () => slack.files().filter((f) => f.completed && f.channel === 'C0NETOPS');
  await slack.waitFor(() => files().some((f) => f.filename === 'netcheck-node-d.txt'), 30_000);
  expect(execPods().slice(before)).toEqual(['netcheck-agent-node-d/exec']);
}, 60_000);
