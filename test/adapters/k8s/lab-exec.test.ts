// The whole path of a node reading except the API server: client-node's Exec against the fake apiserver, whose exec
// runs the real collector script (sent as argv) inside a lab network namespace standing in for the pod's node.
import { Writable } from 'node:stream';
import { Exec, KubeConfig, type V1Status } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectorArgs, readCollectorScript } from '../../../src/collector/collector-script.js';
import { diagnoseText } from '../../../src/diagnose.js';
import { labCollectorExec, truncatedExec } from '../../support/exec-handlers.js';
import { type FakeKubeApiserver, startFakeKubeApiserver } from '../../support/fake-kube-apiserver.js';
import { makeNode, makeRunningPod } from '../../support/kube-objects.js';
import { canBuildLab, connect, createLabHost, destroyLabHosts, type LabHost } from '../../support/lab/lab-host.js';

const noLab = canBuildLab();

let api: FakeKubeApiserver;
let node: LabHost;
let kc: KubeConfig;

beforeAll(async () => {
  if (noLab) return;
  node = createLabHost('fknode');
  connect(node, '192.168.90.7/24', createLabHost('fkpeer'), '192.168.90.1/24');
  api = await startFakeKubeApiserver({
    nodes: [makeNode('node-7', { internalIP: '192.168.90.7' }), makeNode('node-8')],
    pods: [
      makeRunningPod('agent-7', { namespace: 'netcheck', node: 'node-7' }),
      makeRunningPod('agent-8', { namespace: 'netcheck', node: 'node-8' }),
    ],
    exec: labCollectorExec((name) => (name === 'node-7' ? node.name : undefined)),
  });
  kc = new KubeConfig();
  kc.loadFromOptions(api.kubeconfig('netcheck'));
});

afterAll(async () => {
  await api?.close();
  destroyLabHosts();
});

async function collect(
  pod: string,
  options: Parameters<typeof collectorArgs>[0],
): Promise<{ stdout: string; stderr: string; status: V1Status | undefined }> {
  const chunks: Buffer[] = [];
  const errs: Buffer[] = [];
  const sink = (into: Buffer[]) =>
    new Writable({
      write(chunk: Buffer, _enc, done) {
        into.push(chunk);
        done();
      },
    });
  let status: V1Status | undefined;
  const command = ['sh', '-c', readCollectorScript(), 'netcheck-collector', ...collectorArgs(options)];
  const ws = await new Exec(kc).exec('netcheck', pod, 'agent', command, sink(chunks), sink(errs), null, false, (s) => {
    status = s;
  });
  await new Promise((resolve) => ws.on('close', resolve));
  return { stdout: Buffer.concat(chunks).toString('utf8'), stderr: Buffer.concat(errs).toString('utf8'), status };
}

describe.skipIf(noLab)(`real collector behind the fake apiserver${noLab ? ` (skipped: ${noLab})` : ''}`, () => {
  it('returns a whole report from the node the pod runs on, which the engine diagnoses', async () => {
    const run = await collect('agent-7', { interval: 1, deadline: 30 });
    expect(run.status).toEqual({ metadata: {}, status: 'Success' });
    expect(run.stdout).toMatch(/^#netcheck report /);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(/^#netcheck end sections=\d+ bytes=\d+$/);
    // The routes of the lab node's own network namespace: the command ran on the pod's node.
    expect(run.stdout).toContain('192.168.90.0/24 dev eth0');
    const diagnosis = diagnoseText(run.stdout);
    expect(diagnosis.detected.length).toBeGreaterThan(3);
    const upgrade = api.requests.find((r) => r.upgrade)!;
    expect(upgrade.query.getAll('command').slice(0, 2)).toEqual(['sh', '-c']);
  });

  it('cuts the report before its sentinel and still reports success when the transfer is truncated', async () => {
    const previous = api.exec;
    api.exec = truncatedExec(previous, 500);
    try {
      const run = await collect('agent-7', { only: ['links', 'routes'] });
      expect(run.status?.status).toBe('Success');
      expect(Buffer.byteLength(run.stdout)).toBe(500);
      expect(run.stdout).not.toMatch(/#netcheck end/);
    } finally {
      api.exec = previous;
    }
  });

  it('fails with exit 126 on a node that has no lab namespace', async () => {
    const run = await collect('agent-8', { only: ['links'] });
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/no lab network namespace for node node-8/);
    expect(run.status?.details?.causes).toEqual([{ reason: 'ExitCode', message: '126' }]);
  });
});
