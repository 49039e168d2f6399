// Collections through a proxy that allows 8 KiB request lines (nginx's default), emulated by the fake API server:
// both modes return the real collector's whole report with every request line under the limit, a command that
// carries the script in the URL (as netcheck used to) gets 414, and that 414 reads as a proxy limit.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAgentExecutor } from '../../../src/adapters/k8s/agent-executor.js';
import { COLLECTOR_ENV } from '../../../src/adapters/k8s/collector-launch.js';
import { createDebugPodExecutor } from '../../../src/adapters/k8s/debug-pod-executor.js';
import { execCollector } from '../../../src/adapters/k8s/exec-collector.js';
import type { KubeClient } from '../../../src/adapters/k8s/kube-client.js';
import { COLLECTOR_SCRIPT_NAME, readCollectorScript } from '../../../src/collector/collector-script.js';
import { diagnoseText } from '../../../src/diagnose.js';
import type { CollectResult } from '../../../src/exec/node-executor.js';
import { localCollectorExec } from '../../support/exec-handlers.js';
import { type FakeKubeApiserver, startFakeKubeApiserver } from '../../support/fake-kube-apiserver.js';
import { execError, kubeClientFor, removeTempDirs } from '../../support/k8s-helpers.js';
import { makeNode, makeRunningPod } from '../../support/kube-objects.js';

const PROXY_LIMIT = 8192;
const AGENT = { 'app.kubernetes.io/name': 'netcheck-agent' };
let api: FakeKubeApiserver;
let client: KubeClient;

beforeEach(async () => {
  api = await startFakeKubeApiserver({
    maxRequestLineBytes: PROXY_LIMIT,
    nodes: [makeNode('node-7', { internalIP: '10.0.1.7' })],
    pods: [makeRunningPod('netcheck-agent-x7k2p', { namespace: 'netcheck', node: 'node-7', labels: AGENT })],
    // The real collector, run on this machine, in a container whose image carries the collector like the agent's.
    exec: localCollectorExec(),
  });
  client = kubeClientFor(api, { namespace: 'netcheck' });
});
afterEach(() => api.close());
afterAll(() => removeTempDirs());

/** A whole report from the real collector, which analysis reads without calling it incomplete. */
function expectWholeReport(result: CollectResult): void {
  expect(result, result.stderr).toMatchObject({ node: 'node-7', exitCode: 0, complete: true });
  expect(result.report).toMatch(/^#netcheck report version=1 /);
  expect(result.report).toMatch(/^#netcheck end sections=\d+ bytes=\d+\n$/m);
  const diagnosis = diagnoseText(result.report);
  expect(diagnosis.detected).toEqual(expect.arrayContaining(['host-info', 'conntrack-count']));
  expect(diagnosis.findings.map((f) => f.id)).not.toContain('report.incomplete');
}

function expectEveryRequestUnderTheLimit(): void {
  expect(api.proxyRefusals).toEqual([]);
  expect(api.requests.filter((r) => r.upgrade).length).toBeGreaterThan(0);
  for (const request of api.requests) expect(request.requestLineBytes).toBeLessThan(PROXY_LIMIT);
}

describe('collecting through a proxy that allows 8 KiB request lines', () => {
  it('agent: the image carries the collector; the exec names it and its hash, and returns the whole report', async () => {
    const result = await createAgentExecutor({ client }).collect({ node: 'node-7', interval: 0, deadlineSeconds: 60 });
    expectWholeReport(result);
    expect(result.warnings).toBeUndefined();
    expectEveryRequestUnderTheLimit();
    const execs = api.requests.filter((r) => r.upgrade);
    expect(execs).toHaveLength(1);
    expect(execs[0]!.query.get('stdin')).toBe('false');
    expect(execs[0]!.query.getAll('command')).toEqual(
      expect.arrayContaining(['/usr/local/share/netcheck/collector.sh', '--interval', '0']),
    );
    expect(execs[0]!.requestLineBytes).toBeLessThan(2048);
  });

  it('debug-pod: the pod spec carries the script in its environment, the exec only a launcher', async () => {
    const result = await createDebugPodExecutor({ client, pollMs: 20 }).collect({
      node: 'node-7',
      interval: 0,
      deadlineSeconds: 60,
    });
    expectWholeReport(result);
    expectEveryRequestUnderTheLimit();
    const created = api.requests.find((r) => r.method === 'POST' && r.path.endsWith('/pods'))!;
    const container = (created.body as { spec: { containers: { env?: { name: string; value: string }[] }[] } }).spec
      .containers[0]!;
    // Every `$` doubled: the kubelet turns `$$` back into `$` (and would expand `$(NAME)`).
    expect(container.env).toEqual([{ name: COLLECTOR_ENV, value: readCollectorScript().replaceAll('$', '$$$$') }]);
    const exec = api.requests.find((r) => r.upgrade)!;
    expect(exec.requestLineBytes).toBeLessThan(2048);
    expect(exec.query.getAll('command').join(' ')).not.toContain('#netcheck');
    expect([...api.pods.pods.keys()]).toEqual(['netcheck/netcheck-agent-x7k2p']);
  });

  it('refuses the script as an argv element in the URL (as netcheck sent it before) with 414', async () => {
    const script = readCollectorScript();
    const error = await execError(
      execCollector({
        kc: client.kc,
        namespace: 'netcheck',
        pod: 'netcheck-agent-x7k2p',
        container: 'agent',
        command: ['sh', '-c', script, COLLECTOR_SCRIPT_NAME, '--interval', '0'],
        deadlineMs: 30_000,
      }),
    );
    expect(api.proxyRefusals).toHaveLength(1);
    expect(api.proxyRefusals[0]!.requestLineBytes).toBeGreaterThan(70_000);
    expect(api.requests.some((r) => r.upgrade)).toBe(false);
    expect(error.code).toBe('exec-request-rejected');
    expect(error.permanent).toBe(true);
    expect(error.message).toMatch(
      /^the request to exec into pod netcheck-agent-x7k2p in namespace netcheck was refused with HTTP 414 URI Too Long: its request line \(\d{5} bytes\) is over the limit of a proxy between netcheck and the API server$/,
    );
    expect(error.hint).toContain('large_client_header_buffers 4 8k');
    expect(error.hint).toContain('8 KiB');
    expect(error.hint).not.toContain('Check the request in the message above');
  });
});
