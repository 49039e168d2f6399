// Kubeconfig loading (files, $KUBECONFIG, --context, --namespace, in-cluster) and REST failures against the fake.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadKubeClient } from '../../../src/adapters/k8s/kube-client.js';
import { findNode, listNodes, readNodeInfo } from '../../../src/adapters/k8s/list-nodes.js';
import { NodeExecError } from '../../../src/exec/node-exec-error.js';
import { parseNodeInput } from '../../../src/exec/resolve-node.js';
import { type FakeKubeApiserver, startFakeKubeApiserver } from '../../support/fake-kube-apiserver.js';
import { execError, kubeClientFor, removeTempDirs } from '../../support/k8s-helpers.js';
import { makeNode } from '../../support/kube-objects.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'netcheck-kc-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));
afterAll(() => removeTempDirs());

function kubeconfig(name: string, clusters: Record<string, string>, current: string, namespace?: string): string {
  const file = join(dir, name);
  const entries = Object.entries(clusters);
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      ...entries.map(([n, server]) => `- name: ${n}\n  cluster: {server: "${server}", insecure-skip-tls-verify: true}`),
      'users:',
      '- name: u',
      '  user: {token: t}',
      'contexts:',
      ...entries.map(
        ([n]) => `- name: ${n}\n  context: {cluster: ${n}, user: u${namespace ? `, namespace: ${namespace}` : ''}}`,
      ),
      `current-context: ${current}`,
      '',
    ].join('\n'),
  );
  return file;
}

function configError(fn: () => unknown): NodeExecError {
  try {
    fn();
  } catch (error) {
    if (error instanceof NodeExecError) return error;
    throw error;
  }
  throw new Error('expected a NodeExecError');
}

describe('loadKubeClient', () => {
  it('merges $KUBECONFIG files, switches --context, and defaults to the netcheck namespace', () => {
    const a = kubeconfig('a', { prod: 'https://prod.example:6443' }, 'prod', 'default');
    const b = kubeconfig('b', { staging: 'https://staging.example:6443' }, 'staging');
    const env = { KUBECONFIG: [a, b].join(delimiter), HOME: dir };
    const first = loadKubeClient({ env });
    expect([first.server, first.namespace]).toEqual(['https://prod.example:6443', 'netcheck']);
    const other = loadKubeClient({ env, context: 'staging', namespace: 'ops' });
    expect([other.server, other.namespace]).toEqual(['https://staging.example:6443', 'ops']);
  });

  it('reads ~/.kube/config when nothing else is given, and --kubeconfig over $KUBECONFIG', () => {
    mkdirSync(join(dir, '.kube'));
    writeFileSync(join(dir, '.kube', 'config'), '');
    const home = kubeconfig(join('.kube', 'config'), { home: 'https://home.example' }, 'home');
    expect(home).toBe(join(dir, '.kube', 'config'));
    expect(loadKubeClient({ env: { HOME: dir } }).server).toBe('https://home.example');
    const explicit = kubeconfig('x', { x: 'https://x.example' }, 'x');
    expect(loadKubeClient({ env: { HOME: dir, KUBECONFIG: '/nonexistent' }, kubeconfig: explicit }).server).toBe(
      'https://x.example',
    );
  });

  it('suggests near context names for an unknown --context', () => {
    const env = { KUBECONFIG: kubeconfig('c', { 'prod-eu': 'https://a', 'prod-us': 'https://b' }, 'prod-eu') };
    const error = configError(() => loadKubeClient({ env, context: 'prod-ue' }));
    expect(error.message).toBe('context "prod-ue" is not in the kubeconfig');
    expect(error.hint).toContain('prod-eu');
  });

  it('says what is missing when there is no kubeconfig and no in-cluster ServiceAccount', () => {
    expect(configError(() => loadKubeClient({ env: { HOME: dir } })).message).toContain('no kubeconfig found');
    expect(configError(() => loadKubeClient({ env: { KUBECONFIG: join(dir, 'nope') } })).message).toContain(
      'does not exist',
    );
    writeFileSync(join(dir, 'broken'), 'clusters: [[[');
    expect(configError(() => loadKubeClient({ env: { KUBECONFIG: join(dir, 'broken') } })).message).toContain(
      'cannot read kubeconfig',
    );
    expect(configError(() => loadKubeClient({ env: { HOME: dir }, inCluster: true })).message).toContain(
      'not running in a pod',
    );
  });

  it('uses the in-cluster ServiceAccount: https, its token, its namespace without the trailing newline', async () => {
    const sa = join(dir, 'var/run/secrets/kubernetes.io/serviceaccount');
    mkdirSync(sa, { recursive: true });
    writeFileSync(join(sa, 'token'), 'sa-token');
    writeFileSync(join(sa, 'namespace'), 'ops\n');
    writeFileSync(join(sa, 'ca.crt'), '');
    const env = { HOME: dir, KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' };
    const client = loadKubeClient({ env, serviceAccountPrefix: dir });
    expect([client.server, client.namespace]).toEqual(['https://[fd00::1]:443', 'ops']);
    const options: { headers?: Record<string, string> } = {};
    await client.kc.applyToHTTPSOptions(options);
    expect(options.headers?.Authorization).toBe('Bearer sa-token');
    expect(loadKubeClient({ env, serviceAccountPrefix: dir, namespace: 'netcheck' }).namespace).toBe('netcheck');
  });

  it('refuses a namespace that is not a DNS label', () => {
    const env = { KUBECONFIG: kubeconfig('n', { c: 'https://c' }, 'c') };
    expect(configError(() => loadKubeClient({ env, namespace: 'a/b' })).message).toBe('"a/b" is not a namespace name');
  });
});

describe('REST calls against the fake apiserver', () => {
  let api: FakeKubeApiserver;
  beforeEach(async () => {
    api = await startFakeKubeApiserver({
      token: 'right',
      nodes: [
        makeNode('node-7', { internalIP: '10.0.1.7' }),
        makeNode('ip-10-0-2-15.ec2.internal', { internalIP: '10.0.2.15' }),
      ],
    });
  });
  afterEach(() => api.close());

  it('lists and finds nodes by name, IP, instance label and host name', async () => {
    const client = kubeClientFor(api);
    expect((await listNodes(client)).map((n) => n.name).sort()).toEqual(['ip-10-0-2-15.ec2.internal', 'node-7']);
    expect((await findNode(client, parseNodeInput('10.0.2.15:9100'))).name).toBe('ip-10-0-2-15.ec2.internal');
    expect((await findNode(client, parseNodeInput('ip-10-0-2-15:9100'))).name).toBe('ip-10-0-2-15.ec2.internal');
    expect((await findNode(client, parseNodeInput('node-7'))).ready).toBe(true);
    expect(await readNodeInfo(client, 'node-9')).toBeUndefined();
    expect((await execError(findNode(client, parseNodeInput('node-9')))).hint).toContain('node-7');
  });

  it('maps a rejected token to rbac-denied about credentials', async () => {
    const error = await execError(listNodes(kubeClientFor(api, {}, 'stale-token')));
    expect(error.code).toBe('rbac-denied');
    expect(error.message).toContain('401 Unauthorized');
  });

  it('ends a request the API server never answers, and maps a dropped connection', async () => {
    const client = kubeClientFor(api, { requestTimeoutMs: 200 });
    api.inject({ path: '/api/v1/nodes', respond: 'stall', times: 1 });
    const started = Date.now();
    expect((await execError(listNodes(client))).code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2000);
    api.inject({ path: '/api/v1/nodes', respond: 'reset', times: 1 });
    expect((await execError(listNodes(client))).code).toBe('apiserver-unreachable');
  });
});
