// Auto-triage from a real alert: Prometheus scrapes this machine's node_exporter without relabelling (so the alert's
// `instance` is `127.0.0.1:PORT`), evaluates kube-prometheus' conntrack alert, and a real Alertmanager sends its webhook
// to `netcheck serve` (in this process, real Redis, fake Slack). The fake kube-apiserver holds a Node whose InternalIP
// is 127.0.0.1: netcheck must collect from that node.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanUpClusters, cluster, clusterHome, kubeconfigFor } from '../support/cluster-cli.js';
import { scriptedExec } from '../support/exec-handlers.js';
import type { FakeKubeApiserver } from '../support/fake-kube-apiserver.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { sampleReport } from '../support/k8s-helpers.js';
import { makeNode } from '../support/kube-objects.js';
import { type AlertmanagerServer, startAlertmanager } from '../support/prometheus/alertmanager-lab.js';
import { prometheusMissing } from '../support/prometheus/daemon.js';
import {
  type NodeExporter,
  type PrometheusServer,
  startNodeExporter,
  startPrometheus,
} from '../support/prometheus/prometheus-lab.js';
import { redisForFile } from '../support/redis-for-file.js';
import { type ServiceWorld, startServiceWorld } from '../support/service-world.js';

const missing = prometheusMissing(true);
const AM_TOKEN = 'am-webhook-bearer-5f1c2a9e7b';
const CHANNEL = 'C0INCIDENTS';

/**
 * node-mixin's NodeHighNumberConntrackEntriesUsed (kube-prometheus), with its real expression and labels, except the
 * threshold: the original is `> 0.75`; `>= 0` fires on this machine's idle conntrack table. `for: 0m` as in the
 * mixin's runbook table, so it fires at the first evaluation.
 */
const CONNTRACK_RULES = [
  {
    name: 'node-exporter',
    rules: [
      {
        alert: 'NodeHighNumberConntrackEntriesUsed',
        expr: '(node_nf_conntrack_entries / node_nf_conntrack_entries_limit) >= 0',
        for: '0m',
        labels: { severity: 'warning' },
        annotations: {
          summary: 'Number of conntrack are getting close to the limit.',
          description: '{{ $value | humanizePercentage }} of conntrack entries are used.',
        },
      },
    ],
  },
];

describe.skipIf(missing)(`a real Alertmanager's webhook${missing ? ` (skipped: ${missing})` : ''}`, () => {
  const redis = redisForFile();
  let slack: FakeSlack;
  let api: FakeKubeApiserver;
  let world: ServiceWorld;
  let service: { url: string };
  let exporter: NodeExporter;
  let alertmanager: AlertmanagerServer;
  let prometheus: PrometheusServer;

  beforeAll(async () => {
    slack = await startFakeSlack();
    api = await cluster([
      makeNode('lab-node-1', { internalIP: '127.0.0.1' }),
      makeNode('lab-node-2', { internalIP: '10.0.9.2' }),
    ]);
    api.exec = scriptedExec({ stdout: sampleReport });
    world = await startServiceWorld(redis, {
      slack,
      env: {
        HOME: clusterHome(),
        KUBECONFIG: kubeconfigFor(api),
        SLACK_SIGNING_SECRET: 'prometheus-lab-signing-secret-0123',
        ALERTMANAGER_TOKEN: AM_TOKEN,
        NETCHECK_CHANNEL: CHANNEL,
        NETCHECK_CLUSTER: 'lab',
        NETCHECK_NAMESPACE: 'netcheck',
        NETCHECK_INTERVAL: '1',
        NETCHECK_SHUTDOWN_TIMEOUT: '2',
        LOG_LEVEL: 'info',
      },
    });
    service = await world.serve();
    exporter = await startNodeExporter();
    alertmanager = await startAlertmanager({ url: `${service.url}/alertmanager`, token: AM_TOKEN });
    prometheus = await startPrometheus([{ job: 'node-exporter', address: exporter.address }], {
      ruleGroups: CONNTRACK_RULES,
      alertmanagers: [alertmanager.address],
    });
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    await alertmanager?.stop();
    await exporter?.stop();
    await world?.close();
    await slack?.close();
    await cleanUpClusters();
  });

  it('collects from the Node whose InternalIP is the unrelabelled instance', async () => {
    const root = () => slack.messages(CHANNEL)[0];
    const thread = () => {
      const ts = root()?.ts;
      return ts ? slack.thread(CHANNEL, ts).map((m) => (m.files ? m.files.map((f) => f.name).join(' ') : m.text)) : [];
    };
    await slack
      .waitFor(() => thread().some((line) => line === 'netcheck-lab-node-1.txt' || /failed/i.test(line)), 45_000)
      .catch((error: unknown) => {
        throw new Error(
          `${String(error)}\nthread: ${thread().join(' | ')}\nnetcheck: ${world.logs.join('\n').slice(-3000)}\n` +
            `alertmanager: ${alertmanager.output().slice(-2000)}\nprometheus: ${prometheus.output().slice(-1500)}`,
        );
      });

    const lines = thread();
    expect(lines.join('\n')).not.toMatch(/failed/i);
    // Alertmanager delivered the alert with the scrape address as its instance; netcheck found the node behind it.
    expect(lines.some((line) => line.endsWith(`Collection queued for ${exporter.address} (auto-triage)`))).toBe(true);
    expect(lines.some((line) => line.startsWith('lab-node-1: '))).toBe(true);
    expect(root()?.text).toContain('NodeHighNumberConntrackEntriesUsed');
    const execs = api.requests.filter((r) => r.upgrade).map((r) => r.path);
    expect(execs).toEqual(['/api/v1/namespaces/netcheck/pods/netcheck-agent-lab-node-1/exec']);
  }, 60_000);
});
