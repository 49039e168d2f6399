// Client configuration for the fake apiserver: an object for client-node's `KubeConfig.loadFromOptions`, and a
// kubeconfig YAML file for kubectl.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

export interface KubeconfigOptions {
  clusters: { name: string; server: string; skipTLSVerify: boolean }[];
  users: { name: string; token: string }[];
  contexts: { name: string; cluster: string; user: string; namespace: string }[];
  currentContext: string;
}

export function kubeconfigOptions(server: string, token: string, namespace: string): KubeconfigOptions {
  return {
    clusters: [{ name: 'fake', server, skipTLSVerify: true }],
    users: [{ name: 'fake-user', token }],
    contexts: [{ name: 'fake', cluster: 'fake', user: 'fake-user', namespace }],
    currentContext: 'fake',
  };
}

/** Writes `dir/kubeconfig` (mode 0600) and returns its path. */
export function writeKubeconfigFile(dir: string, server: string, token: string, namespace: string): string {
  const file = join(dir, 'kubeconfig');
  mkdirSync(dir, { recursive: true });
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'fake', cluster: { server } }],
    users: [{ name: 'fake-user', user: { token } }],
    contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'fake-user', namespace } }],
    'current-context': 'fake',
  };
  writeFileSync(file, stringify(config), { mode: 0o600 });
  return file;
}
