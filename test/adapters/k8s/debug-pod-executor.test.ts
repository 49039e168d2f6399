// The debug-pod executor against the fake kube-apiserver: the pod it creates, that it always deletes it, how it
// fails (Pod Security, RBAC, image pull, never scheduled), and the cleanup of orphans a crashed worker left.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDebugPodExecutor, type DebugPodExecutorOptions } from '../../../src/adapters/k8s/debug-pod-executor.js';
import { MANAGED_BY_LABEL, NODE_LABEL } from '../../../src/adapters/k8s/debug-pod-spec.js';
import type { KubeClient } from '../../../src/adapters/k8s/kube-client.js';
import { deleteOrphanPods } from '../../../src/adapters/k8s/orphan-cleanup.js';
import { scriptedExec, stalledExec, stderrOnlyFailure } from '../../support/exec-handlers.js';
import { type FakeKubeApiserver, startFakeKubeApiserver } from '../../support/fake-kube-apiserver.js';
import { execError, kubeClientFor, removeTempDirs, sampleReport } from '../../support/k8s-helpers.js';
import { makeNamespace, makeNode, makeRunningPod, rfc3339 } from '../../support/kube-objects.js';

let api: FakeKubeApiserver;
let client: KubeClient;

beforeEach(async () => {
  api = await startFakeKubeApiserver({
    nodes: [makeNode('node-7', { internalIP: '10.0.1.7' }), makeNode('node-8', { ready: 'False' })],
    namespaces: [
      'default',
      'netcheck',
      makeNamespace('hardened', { 'pod-security.kubernetes.io/enforce': 'baseline' }),
    ],
    exec: scriptedExec({ stdout: sampleReport }),
  });
  client = kubeClientFor(api, { namespace: 'netcheck' });
});
afterEach(() => api.close());
afterAll(() => removeTempDirs());

const executor = (over: Partial<DebugPodExecutorOptions> = {}) =>
  createDebugPodExecutor({ client, script: 'echo "$@"', pollMs: 20, startTimeoutMs: 2000, ...over });
const podsLeft = () => [...api.pods.pods.values()].map((p) => p.metadata?.name);
const created = () =>
  api.requests.find((r) => r.method === 'POST' && r.path.endsWith('/pods'))?.body as {
    metadata: { name: string; labels: Record<string, string> };
    spec: Record<string, unknown> & { containers: { securityContext: unknown; command: string[] }[] };
  };

describe('debug-pod executor', () => {
  it('creates the node pod, waits for it, execs the collector into it and deletes it', async () => {
    const result = await executor({ random: () => 0 }).collect({ node: 'node-7', deadlineSeconds: 20 });
    expect(result).toMatchObject({ node: 'node-7', mode: 'debug-pod', exitCode: 0, complete: true });
    const pod = created();
    expect(pod.metadata.name).toBe('netcheck-node-7-bbbbb');
    expect(pod.metadata.labels).toEqual({ [MANAGED_BY_LABEL]: 'netcheck', [NODE_LABEL]: 'node-7' });
    expect(pod.spec).toMatchObject({ nodeName: 'node-7', hostNetwork: true, hostPID: true, restartPolicy: 'Never' });
    // start timeout 2 s + collector deadline 20 s + client grace 15 s + 30 s margin
    expect(pod.spec.activeDeadlineSeconds).toBe(67);
    expect(pod.spec.containers[0]!.command).toEqual(['sleep', '67']);
    const exec = api.requests.find((r) => r.upgrade)!;
    expect(exec.path).toBe('/api/v1/namespaces/netcheck/pods/netcheck-node-7-bbbbb/exec');
    expect(exec.query.get('container')).toBe('collector');
    expect(api.requests.at(-1)).toMatchObject({
      method: 'DELETE',
      path: '/api/v1/namespaces/netcheck/pods/netcheck-node-7-bbbbb',
    });
    expect(podsLeft()).toEqual([]);
  });

  it('deletes the pod when the collection fails too', async () => {
    api.exec = stderrOnlyFailure();
    expect((await execError(executor().collect({ node: 'node-7' }))).code).toBe('exec-failed');
    api.exec = stalledExec();
    expect((await execError(executor({ stallMs: 200 }).collect({ node: 'node-7' }))).code).toBe('timeout');
    expect(podsLeft()).toEqual([]);
  });

  it('names the namespace label a Pod Security rejection needs', async () => {
    const hardened = kubeClientFor(api, { namespace: 'hardened' });
    const error = await execError(createDebugPodExecutor({ client: hardened, pollMs: 20 }).collect({ node: 'node-7' }));
    expect(error.code).toBe('psa-rejected');
    expect(error.message).toContain('enforce level baseline');
    expect(error.message).toMatch(/hostNetwork=true/);
    expect(error.hint).toContain('kubectl label namespace hardened pod-security.kubernetes.io/enforce=privileged');
  });

  it('names the missing RBAC permission to create pods', async () => {
    api.deny({ verb: 'create', resource: 'pods', namespace: 'netcheck' });
    const error = await execError(executor().collect({ node: 'node-7' }));
    expect(error.code).toBe('rbac-denied');
    expect(error.hint).toMatch(
      /^Grant create on pods in namespace netcheck to system:serviceaccount:netcheck:netcheck/,
    );
  });

  it('fails fast on an image the node cannot pull, and deletes the pod', async () => {
    api.pods.fate = () => ({ kind: 'image-pull-error', reason: 'ErrImagePull' });
    const error = await execError(executor({ image: 'registry.invalid/nope:1' }).collect({ node: 'node-7' }));
    expect(error.code).toBe('image-pull-failed');
    expect(error.message).toContain('registry.invalid/nope:1');
    expect(podsLeft()).toEqual([]);
  });

  it('reports a pod that is never scheduled or never started', async () => {
    api.pods.fate = () => ({ kind: 'unschedulable' });
    const unschedulable = await execError(executor().collect({ node: 'node-7' }));
    expect(unschedulable.code).toBe('pod-not-scheduled');
    expect(unschedulable.message).toContain('untolerated taint');

    api.pods.fate = () => ({ kind: 'pending' });
    const started = Date.now();
    const pending = await execError(executor({ startTimeoutMs: 300 }).collect({ node: 'node-7' }));
    expect(pending.code).toBe('pod-not-scheduled');
    expect(pending.message).toContain('the kubelet on node-7 never started it');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(podsLeft()).toEqual([]);
  });

  it('refuses nodes that are not Ready or do not exist before creating anything', async () => {
    expect((await execError(executor().collect({ node: 'node-8' }))).code).toBe('node-not-ready');
    expect((await execError(executor().collect({ node: 'node-9' }))).hint).toContain('node-7 or node-8');
    expect(api.requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('reports an API server that goes down mid-collection, and leaves the pod to the orphan cleanup', async () => {
    api.exec = async ({ signal }) => {
      await api.down();
      return signal.aborted ? 1 : 0;
    };
    const error = await execError(executor().collect({ node: 'node-7' }));
    expect(error.code).toBe('apiserver-unreachable');
    expect(error.message).toContain('dropped (WebSocket close 1006)');
    expect(podsLeft()).toHaveLength(1);
  });
});

describe('orphan cleanup', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  const pod = (
    name: string,
    ageSeconds: number,
    extra: { phase?: string; deadline?: number; owned?: boolean } = {},
  ) => {
    const p = makeRunningPod(name, {
      namespace: 'netcheck',
      node: 'node-7',
      labels: { [MANAGED_BY_LABEL]: 'netcheck', [NODE_LABEL]: 'node-7' },
    });
    p.metadata!.creationTimestamp = rfc3339(new Date(now.getTime() - ageSeconds * 1000));
    if (extra.owned) p.metadata!.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'x', uid: 'u' }];
    p.spec!.activeDeadlineSeconds = extra.deadline ?? 100;
    if (extra.phase) p.status!.phase = extra.phase as 'Failed';
    return p;
  };

  it('deletes netcheck pods past their deadline or ended, and keeps the rest', async () => {
    api.pods.put(pod('netcheck-node-7-old11', 200)); // 100 s deadline + 60 s grace < 200 s
    api.pods.put(pod('netcheck-node-7-live2', 120)); // may still be in use
    api.pods.put(pod('netcheck-node-7-done3', 5, { phase: 'Failed' }));
    api.pods.put(pod('owned-by-daemonset', 9999, { owned: true }));
    const unrelated = makeRunningPod('someone-else', { namespace: 'netcheck', node: 'node-7', labels: { app: 'x' } });
    api.pods.put(unrelated);
    const result = await deleteOrphanPods({ client, now: () => now });
    expect(result.deleted.sort()).toEqual(['netcheck-node-7-done3', 'netcheck-node-7-old11']);
    expect(result.kept.sort()).toEqual(['netcheck-node-7-live2', 'owned-by-daemonset']);
    expect(podsLeft().sort()).toEqual(['netcheck-node-7-live2', 'owned-by-daemonset', 'someone-else']);
    const list = api.requests.find((r) => r.method === 'GET' && r.path === '/api/v1/namespaces/netcheck/pods')!;
    expect(list.query.get('labelSelector')).toBe('app.kubernetes.io/managed-by=netcheck,netcheck.io/node');
  });

  it('reports pods it could not delete and names the missing permission', async () => {
    api.pods.put(pod('netcheck-node-7-old11', 500));
    api.deny({ verb: 'delete', resource: 'pods' });
    const result = await deleteOrphanPods({ client, now: () => now });
    expect(result.deleted).toEqual([]);
    expect(result.failed[0]!.error).toContain('Grant delete on pods in namespace netcheck');
  });
});
