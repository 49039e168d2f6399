// The agent executor against the fake kube-apiserver: the request it sends, and every way the path to a node fails.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAgentExecutor } from '../../../src/adapters/k8s/agent-executor.js';
import type { KubeClient } from '../../../src/adapters/k8s/kube-client.js';
import { collectorSha256, readCollectorScript } from '../../../src/collector/collector-script.js';
import {
  internalErrorExec,
  scriptedExec,
  stalledExec,
  stderrOnlyFailure,
  truncatedExec,
} from '../../support/exec-handlers.js';
import { type FakeKubeApiserver, startFakeKubeApiserver } from '../../support/fake-kube-apiserver.js';
import { execError, kubeClientFor, removeTempDirs, sampleReport } from '../../support/k8s-helpers.js';
import { makeNode, makeRunningPod } from '../../support/kube-objects.js';
import { notFound } from '../../support/kube-status.js';

const AGENT = { 'app.kubernetes.io/name': 'netcheck-agent' };
const SCRIPT = 'echo "$@"';
let api: FakeKubeApiserver;
let client: KubeClient;

async function start(execProtocols?: string[]) {
  api = await startFakeKubeApiserver({
    execProtocols,
    nodes: [
      makeNode('node-7', { internalIP: '10.0.1.7' }),
      makeNode('node-8', { internalIP: '10.0.1.8', ready: 'Unknown' }),
      makeNode('node-17', { internalIP: '10.0.1.17' }),
    ],
    pods: [
      makeRunningPod('netcheck-agent-x7k2p', { namespace: 'netcheck', node: 'node-7', labels: AGENT }),
      makeRunningPod('netcheck-agent-b2b2b', { namespace: 'netcheck', node: 'node-8', labels: AGENT }),
      makeRunningPod('lookalike', { namespace: 'default', node: 'node-7', labels: AGENT }),
    ],
    exec: scriptedExec({ stdout: sampleReport }),
  });
  client = kubeClientFor(api, { namespace: 'netcheck' });
}

const executor = (tuning: Parameters<typeof createAgentExecutor>[0] extends infer T ? Partial<T> : never = {}) =>
  createAgentExecutor({ client, script: SCRIPT, ...tuning });

beforeEach(() => start());
afterEach(() => api.close());
afterAll(() => removeTempDirs());

describe('agent executor', () => {
  it("execs the launcher of the image's collector into the Ready agent pod on the node, with no stdin or TTY", async () => {
    const result = await executor().collect({ node: 'node-7', interval: 1, deadlineSeconds: 30 });
    expect(result).toMatchObject({ node: 'node-7', mode: 'agent', exitCode: 0, complete: true, stderr: '' });
    expect(result.report).toBe(sampleReport);
    const list = api.requests.find((r) => r.path === '/api/v1/namespaces/netcheck/pods')!;
    expect(list.query.get('labelSelector')).toBe('app.kubernetes.io/name=netcheck-agent');
    expect(list.query.get('fieldSelector')).toBe('spec.nodeName=node-7');
    const exec = api.requests.find((r) => r.upgrade)!;
    expect(exec.path).toBe('/api/v1/namespaces/netcheck/pods/netcheck-agent-x7k2p/exec');
    const [sh, c, launcher, ...args] = exec.query.getAll('command');
    expect([sh, c]).toEqual(['sh', '-c']);
    expect(launcher).toContain('exec sh "$f" "$@"');
    expect(args).toEqual([
      'netcheck-collector',
      '/usr/local/share/netcheck/collector.sh',
      collectorSha256(SCRIPT),
      '--interval',
      '1',
      '--deadline',
      '30',
    ]);
    expect(
      Object.fromEntries(['stdin', 'tty', 'stdout', 'stderr', 'container'].map((k) => [k, exec.query.get(k)])),
    ).toEqual({
      stdin: 'false',
      tty: 'false',
      stdout: 'true',
      stderr: 'true',
      container: 'agent',
    });
    expect(exec.headers['sec-websocket-protocol']).toBe('v5.channel.k8s.io,v4.channel.k8s.io');
    expect(exec.headers.authorization).toBe('Bearer fake-token');
  });

  it('works against a server that only speaks v4 (no stream translator)', async () => {
    await api.close();
    await start(['v4.channel.k8s.io']);
    expect((await executor().collect({ node: 'node-7' })).complete).toBe(true);
  });

  it('names the real collector by its SHA-256, in a request line far under 8 KiB, and a configured path', async () => {
    await executor({ script: undefined, collectorPath: '/opt/netcheck/collector.sh' }).collect({ node: 'node-7' });
    const exec = api.requests.find((r) => r.upgrade)!;
    const command = exec.query.getAll('command');
    expect(command.slice(4, 6)).toEqual(['/opt/netcheck/collector.sh', collectorSha256(readCollectorScript())]);
    expect(command.join('\n')).not.toContain('#netcheck');
    expect(exec.requestLineBytes).toBeLessThan(2048);
  });

  it('returns a report cut in transit as incomplete, with exit 0', async () => {
    api.exec = truncatedExec(scriptedExec({ stdout: sampleReport }), 4000);
    const result = await executor().collect({ node: 'node-7' });
    expect(result).toMatchObject({ exitCode: 0, complete: false });
    expect(result.report).toHaveLength(4000);
  });

  it('keeps a report and its non-zero exit code (a collector killed mid-run)', async () => {
    api.exec = scriptedExec({ stdout: sampleReport.slice(0, 3000), stderr: 'Terminated\n', exitCode: 143 });
    const result = await executor().collect({ node: 'node-7' });
    expect(result).toMatchObject({ exitCode: 143, complete: false, stderr: 'Terminated\n' });
  });

  it('fails with stderr when the collector printed nothing but errors', async () => {
    api.exec = stderrOnlyFailure('sh: 1: conntrack: Permission denied\n');
    const error = await execError(executor().collect({ node: 'node-7' }));
    expect(error.code).toBe('exec-failed');
    expect(error.message).toBe(
      'no report from node node-7: the collector exited 1 in pod netcheck/netcheck-agent-x7k2p; stderr: sh: 1: conntrack: Permission denied',
    );
  });

  it('reports a runtime failure without an exit code as exec-failed', async () => {
    api.exec = internalErrorExec();
    const error = await execError(executor().collect({ node: 'node-7' }));
    expect(error.code).toBe('exec-failed');
    expect(error.message).toContain('OCI runtime exec failed');
  });

  it('terminates a stalled stream', async () => {
    api.exec = stalledExec();
    const started = Date.now();
    const error = await execError(executor({ stallMs: 300 }).collect({ node: 'node-7' }));
    expect(error.code).toBe('timeout');
    expect(error.message).toContain('stalled: no data');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('gives up on an upgrade the API server never answers', async () => {
    api.inject({ path: /\/exec$/, respond: 'stall' });
    const error = await execError(executor({ handshakeTimeoutMs: 300 }).collect({ node: 'node-7' }));
    expect(error.code).toBe('timeout');
    expect(error.message).toContain('did not complete the exec upgrade');
  });

  it('enforces its own deadline on a collector that keeps talking', async () => {
    api.exec = async ({ stdout, signal }) => {
      while (!signal.aborted) {
        stdout.write('.');
        await new Promise((r) => setTimeout(r, 50));
      }
      return 0;
    };
    const started = Date.now();
    const error = await execError(executor({ graceSeconds: 0 }).collect({ node: 'node-7', deadlineSeconds: 1 }));
    expect(error.code).toBe('timeout');
    expect(error.message).toContain('did not finish within 1s');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('stops reading at the output cap and returns the report as incomplete', async () => {
    const result = await executor({ maxOutputBytes: 2048 }).collect({ node: 'node-7' });
    expect(result.complete).toBe(false);
    expect(result.report).toHaveLength(2048);
  });

  it('names the missing RBAC permission for exec, and for listing pods', async () => {
    api.deny({ verb: 'get', resource: 'pods/exec', namespace: 'netcheck' });
    const exec = await execError(executor().collect({ node: 'node-7' }));
    expect(exec.code).toBe('rbac-denied');
    expect(exec.message).toContain('cannot get resource "pods/exec"');
    expect(exec.hint).toMatch(
      /^Grant create and get on pods\/exec in namespace netcheck to system:serviceaccount:netcheck:netcheck/,
    );

    api.deny({ verb: 'list', resource: 'pods' });
    const list = await execError(executor().collect({ node: 'node-7' }));
    expect(list.hint).toMatch(/^Grant list on pods in namespace netcheck/);
  });

  it('suggests near names for an unknown node, and refuses a bad name before any API call', async () => {
    const missing = await execError(executor().collect({ node: 'node-71' }));
    expect(missing.code).toBe('node-not-found');
    expect(missing.hint).toContain('Did you mean node-7, node-17 or node-8?');

    const before = api.requests.length;
    const bad = await execError(executor().collect({ node: 'node-7;reboot' }));
    expect(bad.code).toBe('invalid-node-name');
    expect(api.requests.length).toBe(before);
  });

  it('refuses a node that is not Ready', async () => {
    const error = await execError(executor().collect({ node: 'node-8' }));
    expect(error.code).toBe('node-not-ready');
    expect(error.message).toContain('Kubelet stopped posting node status');
  });

  it('says when the node has no agent pod, or only one that is not Ready', async () => {
    const none = await execError(executor().collect({ node: 'node-17' }));
    expect(none.code).toBe('agent-not-found');
    expect(none.message).toBe(
      'no netcheck agent pod on node node-17 in namespace netcheck (label app.kubernetes.io/name=netcheck-agent)',
    );
    expect(none.hint).toContain('--mode debug-pod');

    const pending = makeRunningPod('netcheck-agent-p3nd1', { namespace: 'netcheck', node: 'node-17', labels: AGENT });
    pending.status = {
      phase: 'Pending',
      containerStatuses: [
        {
          name: 'agent',
          image: 'netcheck-agent:test',
          imageID: '',
          ready: false,
          restartCount: 0,
          state: { waiting: { reason: 'ImagePullBackOff' } },
        },
      ],
    };
    api.pods.put(pending);
    const notReady = await execError(executor().collect({ node: 'node-17' }));
    expect(notReady.message).toContain('netcheck-agent-p3nd1 is Pending (ImagePullBackOff)');
  });

  it('finds agents by a configured label and container', async () => {
    api.pods.put(
      makeRunningPod('custom-agent', {
        namespace: 'netcheck',
        node: 'node-17',
        labels: { app: 'netdiag' },
        container: 'tools',
      }),
    );
    const result = await executor({ labelSelector: 'app=netdiag', container: 'tools' }).collect({ node: 'node-17' });
    expect(result.complete).toBe(true);
    expect(api.requests.find((r) => r.upgrade)!.query.get('container')).toBe('tools');
  });

  it('says the agent pod went away when it vanishes between lookup and exec', async () => {
    api.inject({ path: /\/exec$/, respond: notFound('pods', 'netcheck-agent-x7k2p') });
    const error = await execError(executor().collect({ node: 'node-7' }));
    expect(error.code).toBe('agent-not-found');
    expect(error.message).toContain('pods "netcheck-agent-x7k2p" not found');
    expect(error.hint).toContain('went away');
  });

  it('reports an API server that is down as unreachable', async () => {
    await api.down();
    const error = await execError(executor().collect({ node: 'node-7' }));
    expect(error.code).toBe('apiserver-unreachable');
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('stops when the caller aborts', async () => {
    api.exec = stalledExec();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const error = await execError(executor().collect({ node: 'node-7', signal: controller.signal }));
    expect(error.code).toBe('timeout');
    expect(error.message).toContain('cancelled');
  });
});
