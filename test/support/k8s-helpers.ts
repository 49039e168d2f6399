// Helpers for the Kubernetes adapter tests: a sample report, a KubeClient for the fake apiserver, temp dirs and
// the NodeExecError a promise rejects with.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { type KubeClient, type KubeClientOptions, loadKubeClient } from '../../src/adapters/k8s/kube-client.js';
import { NodeExecError } from '../../src/exec/node-exec-error.js';
import type { FakeKubeApiserver } from './fake-kube-apiserver.js';

/** A report printed by the real collector on a test machine. */
export const sampleReport = readFileSync(new URL('../../bench/sample-report.txt', import.meta.url), 'utf8');

const dirs: string[] = [];

/**
 * A KubeClient for the fake apiserver, loaded the way the CLI loads one: from a kubeconfig file. The fake serves
 * plain http, which client-node only allows with insecure-skip-tls-verify.
 */
export function kubeClientFor(
  api: FakeKubeApiserver,
  options: Omit<KubeClientOptions, 'kubeconfig'> = {},
  token = api.kubeconfig().users[0]!.token,
): KubeClient {
  const dir = mkdtempSync(join(tmpdir(), 'netcheck-k8s-'));
  dirs.push(dir);
  const file = join(dir, 'kubeconfig');
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'fake', cluster: { server: api.url, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'fake-user', user: { token } }],
      contexts: [
        { name: 'fake', context: { cluster: 'fake', user: 'fake-user', namespace: 'default' } },
        { name: 'other', context: { cluster: 'fake', user: 'fake-user' } },
      ],
      'current-context': 'fake',
    }),
    { mode: 0o600 },
  );
  return loadKubeClient({ kubeconfig: file, env: {}, ...options });
}

export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The NodeExecError a promise rejects with (fails the test when it resolves or rejects otherwise). */
export async function execError(promise: Promise<unknown>): Promise<NodeExecError> {
  const error = await promise.then(
    (value) => new Error(`expected a NodeExecError, got ${JSON.stringify(value).slice(0, 200)}`),
    (e: unknown) => e,
  );
  if (error instanceof NodeExecError) return error;
  throw error;
}
