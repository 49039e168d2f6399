// The real kubectl against the fake apiserver: discovery, get, field selectors, exec over WebSocket v5 with exit codes,
// delete. Each test gets its own HOME and discovery cache. kubectl must run asynchronously: the server is in-process.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scriptedExec } from '../../support/exec-handlers.js';
import { type FakeKubeApiserver, startFakeKubeApiserver } from '../../support/fake-kube-apiserver.js';
import { makeNode, makeRunningPod } from '../../support/kube-objects.js';

const probe = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
const noKubectl = probe.error ? 'no kubectl binary on this machine' : undefined;
/** A kubectl that runs the binary matching the server's minor version (1.27–1.33 side by side). */
const dispatcher = /dispatcher/.test(probe.stdout ?? '');

let api: FakeKubeApiserver;
let home: string;

beforeEach(async () => {
  api = await startFakeKubeApiserver({
    version: 'v1.31.4',
    nodes: [
      makeNode('node-1', { internalIP: '10.0.0.1' }),
      makeNode('node-2', { internalIP: '10.0.0.2', ready: 'False' }),
    ],
    pods: [
      makeRunningPod('agent-aaaaa', { namespace: 'netcheck', node: 'node-1' }),
      makeRunningPod('agent-bbbbb', { namespace: 'netcheck', node: 'node-2' }),
      makeRunningPod('web-1', { namespace: 'default', node: 'node-1', container: 'web', hostNetwork: false }),
    ],
  });
  home = mkdtempSync(join(tmpdir(), 'netcheck-kubectl-'));
});

afterEach(async () => {
  await api.close();
  rmSync(home, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function kubectl(...args: string[]): Promise<Run> {
  return kubectlAgainst(api, ...args);
}

function kubectlAgainst(server: FakeKubeApiserver, ...args: string[]): Promise<Run> {
  const kubeconfig = server.writeKubeconfig(home, 'netcheck');
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, KUBECONFIG: kubeconfig };
  return new Promise((resolve) => {
    execFile(
      'kubectl',
      ['--cache-dir', join(home, 'cache'), '--request-timeout', '10s', ...args],
      { env, encoding: 'utf8', timeout: 20_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe.skipIf(noKubectl)(`kubectl against the fake apiserver${noKubectl ? ` (skipped: ${noKubectl})` : ''}`, () => {
  it('reports the server version it dispatches on', async () => {
    const run = await kubectl('version', '-o', 'json');
    expect(run.code).toBe(0);
    const version = JSON.parse(run.stdout);
    expect(version.serverVersion.gitVersion).toBe('v1.31.4');
    if (dispatcher) expect(version.clientVersion.gitVersion).toMatch(/^v1\.31\./);
  });

  it('gets nodes through discovery and a list that ignores the Table request', async () => {
    const run = await kubectl('get', 'nodes');
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^NAME\s+/);
    expect(run.stdout).toMatch(/node-1/);
    expect(run.stdout).toMatch(/node-2/);
    const paths = api.requests.map((r) => r.path);
    expect(paths).toContain('/api');
    expect(paths).toContain('/api/v1/nodes');
    const list = api.requests.find((r) => r.path === '/api/v1/nodes')!;
    expect(list.headers.accept).toMatch(/as=Table/);
  });

  it('gets pods across namespaces on one node with a field selector', async () => {
    const run = await kubectl('get', 'pods', '-A', '--field-selector', 'spec.nodeName=node-1', '-o', 'name');
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual(['pod/web-1', 'pod/agent-aaaaa']);
    const list = api.requests.find((r) => r.path === '/api/v1/pods')!;
    expect(list.query.get('fieldSelector')).toBe('spec.nodeName=node-1');
  });

  // 1.30 is the first kubectl to exec over WebSocket (v5 only); 1.29 and older use SPDY, which the fake does not speak.
  it.each(['v1.30.14', 'v1.33.1'])(
    'execs over WebSocket v5 and exits with the command exit code (server %s)',
    async (version) => {
      const server = await startFakeKubeApiserver({
        version,
        nodes: [makeNode('node-1')],
        pods: [makeRunningPod('agent-aaaaa', { namespace: 'netcheck', node: 'node-1' })],
        exec: scriptedExec({ stdout: 'hi\n', exitCode: 3 }),
      });
      try {
        const run = await kubectlAgainst(server, 'exec', 'agent-aaaaa', '--', 'sh', '-c', 'echo hi; exit 3');
        expect(run.stdout).toBe('hi\n');
        expect(run.stderr).toMatch(/command terminated with exit code 3/);
        expect(run.code).toBe(3);
        const upgrade = server.requests.find((r) => r.upgrade)!;
        expect(upgrade.method).toBe('GET');
        expect(upgrade.headers['sec-websocket-protocol']).toBe('v5.channel.k8s.io');
        expect(upgrade.query.getAll('command')).toEqual(['sh', '-c', 'echo hi; exit 3']);
      } finally {
        await server.close();
      }
    },
  );

  it('deletes a pod and waits until it is gone', async () => {
    const run = await kubectl('delete', 'pod', 'agent-bbbbb');
    expect(run.stdout).toMatch(/pod "agent-bbbbb" deleted/);
    expect(run.code).toBe(0);
    const del = api.requests.find((r) => r.method === 'DELETE')!;
    expect(del.path).toBe('/api/v1/namespaces/netcheck/pods/agent-bbbbb');
    expect(api.pods.get('netcheck', 'agent-bbbbb')).toBeUndefined();
  });

  it('prints the apiserver message of a 404 and a 403', async () => {
    const missing = await kubectl('get', 'node', 'node-9');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Error from server \(NotFound\): nodes "node-9" not found/);
    api.deny({ verb: 'list', resource: 'pods', namespace: 'netcheck' });
    const denied = await kubectl('get', 'pods');
    expect(denied.stderr).toMatch(
      /Error from server \(Forbidden\): pods is forbidden: User "system:serviceaccount:netcheck:netcheck" cannot list resource "pods" in API group "" in the namespace "netcheck"/,
    );
  });
});
