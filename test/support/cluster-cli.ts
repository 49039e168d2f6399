// The CLI against the fake kube-apiserver, in-process: clusters of fake nodes with agent pods, a kubeconfig file as a
// user has one, and `netcheck collect ...` run through src/cli.ts with captured output and a HOME of its own.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runInProcess } from '../cli/run-cli.js';
import { type FakeKubeApiserver, startFakeKubeApiserver } from './fake-kube-apiserver.js';
import { type INode, makeRunningPod } from './kube-objects.js';

export const AGENT = { 'app.kubernetes.io/name': 'netcheck-agent' };
export const USER = 'system:serviceaccount:netcheck:netcheck';
const agentPod = (node: string) =>
  makeRunningPod(`netcheck-agent-${node}`, { namespace: 'netcheck', node, labels: AGENT });

let home: string | undefined;
const servers: FakeKubeApiserver[] = [];

/** A temp HOME (no ~/.kube/config) for the CLI runs; removed by `cleanUpClusters`. */
export function clusterHome(): string {
  home ??= mkdtempSync(join(tmpdir(), 'netcheck-collect-'));
  return home;
}

/** Closes every fake apiserver started so far (afterEach). */
export async function closeClusters(): Promise<void> {
  for (const server of servers.splice(0)) await server.close();
}

export async function cleanUpClusters(): Promise<void> {
  await closeClusters();
  if (home) rmSync(home, { recursive: true, force: true });
  home = undefined;
}

/** A fake cluster with `nodes`, an agent pod on each except `withoutAgent`. */
export async function cluster(nodes: INode[], withoutAgent: string[] = []): Promise<FakeKubeApiserver> {
  const api = await startFakeKubeApiserver({
    nodes,
    pods: nodes
      .map((n) => n.metadata?.name ?? '')
      .filter((n) => !withoutAgent.includes(n))
      .map(agentPod),
  });
  servers.push(api);
  return api;
}

/**
 * A kubeconfig file for `api`, as a user's would be: client-node refuses plain http without
 * insecure-skip-tls-verify, kubectl ignores it for http.
 */
export function kubeconfigFor(api: FakeKubeApiserver): string {
  const file = join(mkdtempSync(join(clusterHome(), 'kube-')), 'config');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'fake', cluster: { server: api.url, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'fake-user', user: { token: 'fake-token' } }],
    contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'fake-user' } }],
    'current-context': 'fake',
  };
  writeFileSync(file, stringify(config), { mode: 0o600 });
  return file;
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `netcheck collect ARGS` in-process, with a kubeconfig for `api` and a HOME of its own (no ~/.kube/config). */
export async function netcheckAgainst(
  api: FakeKubeApiserver,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  stderrIsTTY = false,
): Promise<Run> {
  return runInProcess(
    ['collect', ...args],
    { HOME: clusterHome(), KUBECONFIG: kubeconfigFor(api), ...env },
    stderrIsTTY,
  );
}
