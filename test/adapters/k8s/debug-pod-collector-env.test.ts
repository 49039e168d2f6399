// The debug pod carries the collector in its environment: the value survives the kubelet's `$(NAME)` and `$$`
// expansion whole, and a value changed on its way to the node (a mutating webhook) is refused, not run.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COLLECTOR_ENV, collectorEnvValue } from '../../../src/adapters/k8s/collector-launch.js';
import { createDebugPodExecutor } from '../../../src/adapters/k8s/debug-pod-executor.js';
import type { KubeClient } from '../../../src/adapters/k8s/kube-client.js';
import { readCollectorScript } from '../../../src/collector/collector-script.js';
import { localCollectorExec } from '../../support/exec-handlers.js';
import { type FakeKubeApiserver, startFakeKubeApiserver } from '../../support/fake-kube-apiserver.js';
import { containerEnv } from '../../support/fake-kube-env.js';
import { execError, kubeClientFor, removeTempDirs } from '../../support/k8s-helpers.js';
import { makeNode } from '../../support/kube-objects.js';

let api: FakeKubeApiserver;
let client: KubeClient;

beforeEach(async () => {
  api = await startFakeKubeApiserver({
    nodes: [makeNode('node-7', { internalIP: '10.0.1.7' })],
    exec: localCollectorExec(),
  });
  client = kubeClientFor(api, { namespace: 'netcheck' });
});
afterEach(() => api.close());
afterAll(() => removeTempDirs());

describe('the collector in the debug pod environment', () => {
  it('survives the kubelet expansion of env values whole, which a raw script would not', () => {
    const script = readCollectorScript();
    const env = (value: string) =>
      containerEnv([
        { name: 'hostname', value: 'defined-before' },
        { name: COLLECTOR_ENV, value },
      ])[COLLECTOR_ENV];
    expect(env(collectorEnvValue(script))).toBe(script);
    // `$$` (the shell's PID) becomes `$`, and `$(hostname)` the variable defined before it.
    const raw = env(script)!;
    expect(raw).not.toBe(script);
    expect(raw).toContain('defined-before');
    expect(env(collectorEnvValue('echo $$ $(hostname) $HOME $('))).toBe('echo $$ $(hostname) $HOME $(');
  });

  it('refuses a script that reached the node changed, names the variable, and deletes the pod', async () => {
    // A mutating admission webhook that rewrites env values on their way to the node.
    api.pods.fate = (pod) => {
      for (const item of pod.spec?.containers[0]?.env ?? []) item.value = item.value?.slice(0, 1000);
      return { kind: 'running' };
    };
    const error = await execError(createDebugPodExecutor({ client, pollMs: 20 }).collect({ node: 'node-7' }));
    expect(error.code).toBe('exec-failed');
    expect(error.message).toMatch(
      new RegExp(
        `^the node pod netcheck/netcheck-node-7-\\w{5} received \\d+ of the collector's ${Buffer.byteLength(readCollectorScript())} bytes in its environment variable ${COLLECTOR_ENV}$`,
      ),
    );
    expect(error.hint).toContain('mutating admission webhook');
    expect([...api.pods.pods.keys()]).toEqual([]);
  });
});
