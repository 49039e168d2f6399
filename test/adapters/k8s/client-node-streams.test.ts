// client-node's long-lived streams against the fake apiserver: a pod Watch that sees a created pod become Running
// and then deleted, and Exec against a cluster that only speaks v4 (no v5 stream translator).
import { Writable } from 'node:stream';
import { Exec, KubeConfig, type V1Pod, type V1Status, Watch } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scriptedExec } from '../../support/exec-handlers.js';
import { type FakeKubeApiserver, startFakeKubeApiserver } from '../../support/fake-kube-apiserver.js';
import { makeNode, makeRunningPod } from '../../support/kube-objects.js';

let api: FakeKubeApiserver;
let kc: KubeConfig;

beforeEach(async () => {
  api = await startFakeKubeApiserver({
    nodes: [makeNode('node-1', { internalIP: '10.0.0.1' })],
    pods: [makeRunningPod('agent-a', { namespace: 'netcheck', node: 'node-1' })],
    execProtocols: ['v4.channel.k8s.io'],
  });
  kc = new KubeConfig();
  kc.loadFromOptions(api.kubeconfig('netcheck'));
});

afterEach(() => api.close());

describe('client-node streams against the fake apiserver', () => {
  it('watches one pod by name: ADDED, MODIFIED to Running, DELETED', async () => {
    const events: string[] = [];
    let sawDeleted!: () => void;
    const deleted = new Promise<void>((r) => {
      sawDeleted = r;
    });
    const controller = await new Watch(kc).watch(
      '/api/v1/namespaces/netcheck/pods',
      { fieldSelector: 'metadata.name=probe' },
      (type: string, pod: V1Pod) => {
        events.push(`${type} ${pod.status?.phase}`);
        if (type === 'DELETED') sawDeleted();
      },
      () => undefined,
    );
    api.pods.create('netcheck', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'probe' },
      spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'busybox' }] },
    });
    await expect.poll(() => events.at(-1)).toBe('MODIFIED Running');
    api.pods.delete('netcheck', 'probe');
    await deleted;
    controller.abort();
    expect(events[0]).toBe('ADDED Pending');
    expect(events.at(-1)).toBe('DELETED Running');
    const watch = api.requests.find((r) => r.query.get('watch') === 'true')!;
    expect(watch.query.get('fieldSelector')).toBe('metadata.name=probe');
  });

  it('sends the current pods first as ADDED when no resourceVersion is given, and ends at timeoutSeconds', async () => {
    const res = await fetch(`${api.url}/api/v1/pods?watch=true&timeoutSeconds=1`);
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      expect.objectContaining({ type: 'ADDED', object: expect.objectContaining({ kind: 'Pod' }) }),
    ]);
  });

  it('execs over v4 when the server does not offer v5, with the exit code in the status', async () => {
    api.exec = scriptedExec({ stdout: 'v4 ok\n', exitCode: 2 });
    const chunks: Buffer[] = [];
    const out = new Writable({
      write(chunk: Buffer, _enc, done) {
        chunks.push(chunk);
        done();
      },
    });
    let status: V1Status | undefined;
    const ws = await new Exec(kc).exec(
      'netcheck',
      'agent-a',
      'agent',
      ['sh', '-c', 'exit 2'],
      out,
      null,
      null,
      false,
      (s) => {
        status = s;
      },
    );
    expect(ws.protocol).toBe('v4.channel.k8s.io');
    await new Promise((resolve) => ws.on('close', resolve));
    expect(Buffer.concat(chunks).toString()).toBe('v4 ok\n');
    expect(status?.details?.causes).toEqual([{ reason: 'ExitCode', message: '2' }]);
  });
});
