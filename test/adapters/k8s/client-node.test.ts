// client-node 1.4 against the fake apiserver: the generated CoreV1Api (bodies, selectors, ApiException codes) and
// Exec with its status callback, as the netcheck adapters use them.
import { Writable } from 'node:stream';
import { ApiException, CoreV1Api, Exec, KubeConfig, type V1Status } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scriptedExec } from '../../support/exec-handlers.js';
import { type FakeKubeApiserver, startFakeKubeApiserver } from '../../support/fake-kube-apiserver.js';
import { makeNamespace, makeNode, makeRunningPod } from '../../support/kube-objects.js';
import { internalError } from '../../support/kube-status.js';

let api: FakeKubeApiserver;
let core: CoreV1Api;
let kc: KubeConfig;

beforeEach(async () => {
  api = await startFakeKubeApiserver({
    nodes: [
      makeNode('node-1', { internalIP: '10.0.0.1', labels: { pool: 'a' } }),
      makeNode('node-2', { internalIP: '10.0.0.2', labels: { pool: 'b' }, ready: 'False' }),
      makeNode('node-3', { internalIP: '10.0.0.3', labels: { pool: 'b' }, ready: 'Unknown' }),
    ],
    pods: [
      makeRunningPod('agent-aaaaa', { namespace: 'netcheck', node: 'node-1', labels: { app: 'netcheck-agent' } }),
      makeRunningPod('agent-bbbbb', { namespace: 'netcheck', node: 'node-2', labels: { app: 'netcheck-agent' } }),
      makeRunningPod('web-1', { namespace: 'default', node: 'node-1', labels: { app: 'web' }, hostNetwork: false }),
    ],
    namespaces: ['default', 'netcheck', makeNamespace('locked', { 'pod-security.kubernetes.io/enforce': 'baseline' })],
  });
  kc = new KubeConfig();
  kc.loadFromOptions(api.kubeconfig('netcheck'));
  core = kc.makeApiClient(CoreV1Api);
});

afterEach(async () => {
  await api.close();
});

async function apiError(promise: Promise<unknown>): Promise<{ code: number; status: Record<string, unknown> }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiException);
  const e = error as ApiException<string>;
  return { code: e.code, status: JSON.parse(e.body) };
}

function sink(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('CoreV1Api against the fake apiserver', () => {
  it('lists and reads nodes with their conditions, addresses and timestamps', async () => {
    const list = await core.listNode();
    expect(list.items.map((n) => n.metadata?.name)).toEqual(['node-1', 'node-2', 'node-3']);
    const node = await core.readNode({ name: 'node-2' });
    expect(node.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');
    expect(node.status?.addresses).toContainEqual({ type: 'InternalIP', address: '10.0.0.2' });
    expect(node.metadata?.creationTimestamp).toBeInstanceOf(Date);
    const byLabel = await core.listNode({ labelSelector: 'pool in (b),kubernetes.io/os=linux' });
    expect(byLabel.items.map((n) => n.metadata?.name)).toEqual(['node-2', 'node-3']);
  });

  it('pages a node list with limit and continue', async () => {
    const first = await core.listNode({ limit: 2 });
    expect(first.items).toHaveLength(2);
    const rest = await core.listNode({ limit: 2, _continue: first.metadata?._continue });
    expect(rest.items.map((n) => n.metadata?.name)).toEqual(['node-3']);
    expect(rest.metadata?._continue).toBeUndefined();
  });

  it('lists pods across namespaces by node and by label', async () => {
    const onNode1 = await core.listPodForAllNamespaces({ fieldSelector: 'spec.nodeName=node-1' });
    expect(onNode1.items.map((p) => p.metadata?.name)).toEqual(['web-1', 'agent-aaaaa']);
    const agents = await core.listNamespacedPod({
      namespace: 'netcheck',
      labelSelector: 'app=netcheck-agent',
      fieldSelector: 'spec.nodeName=node-2,status.phase=Running',
    });
    expect(agents.items.map((p) => p.metadata?.name)).toEqual(['agent-bbbbb']);
    const last = api.requests.at(-1)!;
    expect(last.path).toBe('/api/v1/namespaces/netcheck/pods');
    expect(last.query.get('fieldSelector')).toBe('spec.nodeName=node-2,status.phase=Running');
  });

  it('answers 404 NotFound and 400 for an unsupported field selector as ApiException', async () => {
    const missing = await apiError(core.readNode({ name: 'node-9' }));
    expect(missing.code).toBe(404);
    expect(missing.status).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'nodes "node-9" not found' });
    const bad = await apiError(core.listPodForAllNamespaces({ fieldSelector: 'spec.colour=red' }));
    expect(bad.code).toBe(400);
    expect(bad.status.message).toBe('field label not supported: spec.colour');
  });

  it('answers 403 Forbidden with the RBAC message for a denied verb', async () => {
    api.deny({ verb: 'list', resource: 'nodes' });
    api.deny({ verb: 'create', resource: 'pods', namespace: 'netcheck' });
    const nodes = await apiError(core.listNode());
    expect(nodes.code).toBe(403);
    expect(nodes.status.message).toBe(
      'nodes is forbidden: User "system:serviceaccount:netcheck:netcheck" cannot list resource "nodes" in API group "" at the cluster scope',
    );
    const create = await apiError(
      core.createNamespacedPod({ namespace: 'netcheck', body: { metadata: { name: 'p' }, spec: { containers: [] } } }),
    );
    expect(create.status.message).toBe(
      'pods is forbidden: User "system:serviceaccount:netcheck:netcheck" cannot create resource "pods" in API group "" in the namespace "netcheck"',
    );
  });

  it('creates a pod that turns Running, deletes it, and then answers 404', async () => {
    const created = await core.createNamespacedPod({
      namespace: 'netcheck',
      body: {
        metadata: { generateName: 'netcheck-node-1-', labels: { 'app.kubernetes.io/managed-by': 'netcheck' } },
        spec: { nodeName: 'node-1', hostNetwork: true, containers: [{ name: 'collector', image: 'busybox' }] },
      },
    });
    const name = created.metadata!.name!;
    expect(name).toMatch(/^netcheck-node-1-[a-z0-9]{5}$/);
    expect(created.metadata?.uid).toBeTruthy();
    expect(created.status?.phase).toBe('Pending');
    await expect
      .poll(async () => (await core.readNamespacedPod({ name, namespace: 'netcheck' })).status?.phase)
      .toBe('Running');
    const running = await core.readNamespacedPod({ name, namespace: 'netcheck' });
    expect(running.status?.podIP).toBe('10.0.0.1');
    await core.deleteNamespacedPod({ name, namespace: 'netcheck', propagationPolicy: 'Background' });
    expect(api.requests.at(-1)?.query.get('propagationPolicy')).toBe('Background');
    expect((await apiError(core.readNamespacedPod({ name, namespace: 'netcheck' }))).code).toBe(404);
  });

  it('keeps a pod Pending as test-controlled: unschedulable, or failing to pull its image', async () => {
    api.pods.fate = (pod) =>
      pod.metadata?.name === 'stuck'
        ? { kind: 'unschedulable' }
        : { kind: 'image-pull-error', reason: 'ImagePullBackOff' };
    const body = (name: string) => ({
      metadata: { name },
      spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'nope:1' }] },
    });
    await core.createNamespacedPod({ namespace: 'netcheck', body: body('stuck') });
    await core.createNamespacedPod({ namespace: 'netcheck', body: body('pull') });
    const stuck = await core.readNamespacedPod({ name: 'stuck', namespace: 'netcheck' });
    expect(stuck.status?.conditions?.[0]).toMatchObject({
      type: 'PodScheduled',
      status: 'False',
      reason: 'Unschedulable',
    });
    await expect
      .poll(
        async () =>
          (await core.readNamespacedPod({ name: 'pull', namespace: 'netcheck' })).status?.containerStatuses?.[0]?.state
            ?.waiting?.reason,
      )
      .toBe('ImagePullBackOff');
    expect((await core.readNamespacedPod({ name: 'pull', namespace: 'netcheck' })).status?.phase).toBe('Pending');
  });

  it('rejects a host-namespace pod in a baseline namespace with the Pod Security message', async () => {
    const rejected = await apiError(
      core.createNamespacedPod({
        namespace: 'locked',
        body: {
          metadata: { name: 'node-debugger-node-1-abcde' },
          spec: {
            nodeName: 'node-1',
            hostNetwork: true,
            hostPID: true,
            volumes: [{ name: 'host-root', hostPath: { path: '/' } }],
            containers: [
              {
                name: 'debugger',
                image: 'busybox',
                securityContext: { capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } },
              },
            ],
          },
        },
      }),
    );
    expect(rejected.code).toBe(403);
    expect(rejected.status).toMatchObject({
      reason: 'Forbidden',
      details: { name: 'node-debugger-node-1-abcde', kind: 'pods' },
    });
    expect(rejected.status.message).toBe(
      'pods "node-debugger-node-1-abcde" is forbidden: violates PodSecurity "baseline:latest": non-default capabilities (container "debugger" must not include "NET_ADMIN", "NET_RAW" in securityContext.capabilities.add), host namespaces (hostNetwork=true, hostPID=true), hostPath volumes (volume "host-root")',
    );
  });

  it('answers 500 and stalls by injection, and ECONNREFUSED when down', async () => {
    api.inject({
      method: 'GET',
      path: '/api/v1/nodes',
      respond: internalError('etcdserver: request timed out'),
      times: 1,
    });
    const failed = await apiError(core.listNode());
    expect(failed.code).toBe(500);
    expect(failed.status.reason).toBe('InternalError');
    expect((await core.listNode()).items).toHaveLength(3);
    api.stall(true);
    const stalled = await fetch(`${api.url}/api/v1/nodes`, { signal: AbortSignal.timeout(300) }).then(
      () => 'answered',
      (e: Error) => e.name,
    );
    expect(stalled).toBe('TimeoutError');
    api.stall(false);
    await api.down();
    const refused = await core.listNode().then(
      () => undefined,
      (e: { code?: string }) => e.code,
    );
    expect(refused).toBe('ECONNREFUSED');
    await api.up();
    expect((await core.listNode()).items).toHaveLength(3);
  });

  it('answers 401 Unauthorized when a token is required and missing', async () => {
    const secured = await startFakeKubeApiserver({ token: 'right' });
    try {
      const wrong = new KubeConfig();
      wrong.loadFromOptions({ ...secured.kubeconfig(), users: [{ name: 'fake-user', token: 'wrong' }] });
      const error = await wrong
        .makeApiClient(CoreV1Api)
        .listNode()
        .catch((e: ApiException<unknown>) => e);
      expect((error as ApiException<unknown>).code).toBe(401);
      const right = new KubeConfig();
      right.loadFromOptions(secured.kubeconfig());
      expect((await right.makeApiClient(CoreV1Api).listNode()).items).toEqual([]);
    } finally {
      await secured.close();
    }
  });
});

describe('Exec against the fake apiserver', () => {
  async function run(command: string[], pod = 'agent-aaaaa') {
    const out = sink();
    const err = sink();
    let status: V1Status | undefined;
    const ws = await new Exec(kc).exec('netcheck', pod, 'agent', command, out.stream, err.stream, null, false, (s) => {
      status = s;
    });
    await new Promise((resolve) => ws.on('close', resolve));
    return { stdout: out.text(), stderr: err.text(), status, protocol: ws.protocol };
  }

  it('runs the handler with the argv and node, and reports exit codes through the status callback', async () => {
    const calls: unknown[] = [];
    api.exec = (call) => {
      calls.push({ command: call.command, node: call.node, container: call.container, pod: call.pod });
      return scriptedExec({ stdout: 'hi\n', stderr: 'oops\n', exitCode: 3 })(call);
    };
    const result = await run(['sh', '-c', 'echo hi; echo oops >&2; exit 3']);
    expect(result).toMatchObject({ stdout: 'hi\n', stderr: 'oops\n', protocol: 'v5.channel.k8s.io' });
    expect(result.status).toMatchObject({ status: 'Failure', reason: 'NonZeroExitCode' });
    expect(result.status?.details?.causes).toEqual([{ reason: 'ExitCode', message: '3' }]);
    expect(calls).toEqual([
      {
        command: ['sh', '-c', 'echo hi; echo oops >&2; exit 3'],
        node: 'node-1',
        container: 'agent',
        pod: 'agent-aaaaa',
      },
    ]);
    const upgrade = api.requests.find((r) => r.upgrade)!;
    expect(upgrade.query.getAll('command')).toEqual(['sh', '-c', 'echo hi; echo oops >&2; exit 3']);
    expect(upgrade.query.get('stdin')).toBe('false');
    api.exec = scriptedExec({ stdout: 'ok' });
    expect((await run(['true'])).status).toEqual({ metadata: {}, status: 'Success' });
  });

  it('rejects the upgrade of a missing pod with 404 and a denied pods/exec with 403', async () => {
    const refused = (pod: string) =>
      new Exec(kc).exec('netcheck', pod, 'agent', ['true'], null, null, null, false).then(
        () => 'opened',
        (e: { message?: string }) => e.message,
      );
    expect(await refused('agent-zzzzz')).toBe('Unexpected server response: 404');
    api.deny({ verb: 'get', resource: 'pods/exec', namespace: 'netcheck' });
    expect(await refused('agent-aaaaa')).toBe('Unexpected server response: 403');
  });
});
