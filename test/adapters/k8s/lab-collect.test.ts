// The whole path from API call to findings, real except the API server: each executor (agent, debug pod, local)
// runs the real collector inside a lab network namespace standing in for node-7 (a kube-proxy ruleset with a Service
// without endpoints and an unrandomised MASQUERADE, and an ndots:5 resolv.conf with extra search domains), and
// diagnoseText of the report it returns finds what the lab built.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentExecutor } from '../../../src/adapters/k8s/agent-executor.js';
import { createDebugPodExecutor } from '../../../src/adapters/k8s/debug-pod-executor.js';
import type { KubeClient } from '../../../src/adapters/k8s/kube-client.js';
import { createLocalExecutor } from '../../../src/adapters/local/local-executor.js';
import { diagnoseText } from '../../../src/diagnose.js';
import type { CollectResult } from '../../../src/exec/node-executor.js';
import { labCollectorExec, truncatedExec } from '../../support/exec-handlers.js';
import { type FakeKubeApiserver, startFakeKubeApiserver } from '../../support/fake-kube-apiserver.js';
import { kubeClientFor, removeTempDirs } from '../../support/k8s-helpers.js';
import { makeNode, makeRunningPod } from '../../support/kube-objects.js';
import { kubeProxyRules } from '../../support/lab/kube-proxy-rules.js';
import { canBuildLab, connect, createLabHost, destroyLabHosts, type LabHost } from '../../support/lab/lab-host.js';

const noLab = canBuildLab();

const RULES = kubeProxyRules({
  randomFully: false,
  noEndpoints: { clusterIp: '10.96.77.7', port: 9090, service: 'payments/ledger:grpc' },
});

const EXPECTED = ['service.no-endpoints', 'iptables.masquerade-not-random', 'dns.ndots-amplification'];

let api: FakeKubeApiserver;
let client: KubeClient;
let node: LabHost;

beforeAll(async () => {
  if (noLab) return;
  node = createLabHost('k8snode');
  connect(node, '192.168.91.7/24', createLabHost('k8speer'), '192.168.91.1/24');
  node.run(['iptables-restore'], RULES);
  node.writeResolvConf(
    [
      'search default.svc.cluster.local svc.cluster.local cluster.local eu-west-1.compute.internal corp.example.internal',
      'nameserver 10.96.0.10',
      'options ndots:5 timeout:1 attempts:1',
      '',
    ].join('\n'),
  );
  api = await startFakeKubeApiserver({
    nodes: [makeNode('node-7', { internalIP: '192.168.91.7' })],
    pods: [
      makeRunningPod('netcheck-agent-q7q7q', {
        namespace: 'netcheck',
        node: 'node-7',
        labels: { 'app.kubernetes.io/name': 'netcheck-agent' },
      }),
    ],
    exec: labCollectorExec((name) => (name === 'node-7' ? node.name : undefined)),
  });
  client = kubeClientFor(api, { namespace: 'netcheck' });
});

afterAll(async () => {
  await api?.close();
  destroyLabHosts();
  removeTempDirs();
});

function expectLabFindings(result: CollectResult): void {
  expect(result).toMatchObject({ node: 'node-7', exitCode: 0, complete: true });
  const diagnosis = diagnoseText(result.report);
  const ids = diagnosis.findings.map((f) => f.id);
  expect(ids).toEqual(expect.arrayContaining(EXPECTED));
  expect(ids).not.toContain('report.incomplete');
  expect(diagnosis.findings.find((f) => f.id === 'service.no-endpoints')!.evidence.join('\n')).toContain(
    'payments/ledger',
  );
}

describe.skipIf(noLab)(`collecting from a lab node through each executor${noLab ? ` (skipped: ${noLab})` : ''}`, () => {
  it('agent: exec into the agent pod, the real collector in the node, findings from the report', async () => {
    const result = await createAgentExecutor({ client }).collect({ node: 'node-7', interval: 1, deadlineSeconds: 30 });
    expect(result.mode).toBe('agent');
    expectLabFindings(result);
  });

  it('debug-pod: create the node pod, exec, delete; the same findings', async () => {
    const result = await createDebugPodExecutor({ client, pollMs: 20 }).collect({
      node: 'node-7',
      interval: 1,
      deadlineSeconds: 30,
    });
    expect(result.mode).toBe('debug-pod');
    expectLabFindings(result);
    expect([...api.pods.pods.keys()]).toEqual(['netcheck/netcheck-agent-q7q7q']);
  });

  it('local: the same collector in the same namespace, the same findings', async () => {
    const local = createLocalExecutor({ shell: ['ip', 'netns', 'exec', node.name, 'sh'] });
    const result = await local.collect({ node: 'node-7', interval: 1, deadlineSeconds: 30 });
    expect(result.mode).toBe('local');
    expectLabFindings(result);
  });

  it('a report cut in transit is analysed as incomplete, never as whole', async () => {
    const whole = api.exec;
    api.exec = truncatedExec(whole, 6000);
    try {
      const result = await createAgentExecutor({ client }).collect({
        node: 'node-7',
        interval: 1,
        deadlineSeconds: 30,
      });
      expect(result.complete).toBe(false);
      expect(diagnoseText(result.report).findings.map((f) => f.id)).toContain('report.incomplete');
    } finally {
      api.exec = whole;
    }
  });
});
