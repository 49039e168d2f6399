import { Pod } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { collectorInvocation } from '../../../src/adapters/k8s/collector-invocation.js';
import {
  DEFAULT_AGENT_IMAGE,
  debugPodManifest,
  debugPodName,
  MANAGED_BY_LABEL,
  NODE_LABEL,
  randomSuffix,
} from '../../../src/adapters/k8s/debug-pod-spec.js';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function validate(manifest: object): void {
  new Pod(manifest as never).validate();
}

describe('debugPodManifest', () => {
  it('builds the netadmin node pod: node, host namespaces, all taints, deadline, labels, no token', () => {
    const pod = debugPodManifest({ node: 'node-7', namespace: 'netcheck', lifetimeSeconds: 95, suffix: 'k2x9q' });
    validate(pod);
    expect(pod.metadata).toEqual({
      name: 'netcheck-node-7-k2x9q',
      namespace: 'netcheck',
      labels: { [MANAGED_BY_LABEL]: 'netcheck', [NODE_LABEL]: 'node-7' },
      annotations: { [NODE_LABEL]: 'node-7' },
    });
    const spec = pod.spec!;
    expect(spec).toMatchObject({
      nodeName: 'node-7',
      restartPolicy: 'Never',
      hostNetwork: true,
      hostPID: true,
      dnsPolicy: 'ClusterFirstWithHostNet',
      tolerations: [{ operator: 'Exists' }],
      activeDeadlineSeconds: 95,
      automountServiceAccountToken: false,
    });
    expect(spec.hostIPC).toBeUndefined();
    expect(spec.volumes).toBeUndefined();
    const [container] = spec.containers;
    expect(container).toMatchObject({ image: DEFAULT_AGENT_IMAGE, command: ['sleep', '95'] });
    expect(container!.securityContext).toEqual({
      runAsUser: 0,
      capabilities: { add: ['NET_ADMIN', 'NET_RAW', 'SYSLOG'] },
    });
    expect(container!.volumeMounts).toBeUndefined();
  });

  it('runs privileged with the host file system read-only at /host only when asked', () => {
    const pod = debugPodManifest({
      node: 'node-7',
      namespace: 'ops',
      image: 'registry.example/netshoot:v1',
      lifetimeSeconds: 30.2,
      hostFilesystem: true,
      suffix: 'bcdfg',
    });
    validate(pod);
    const spec = pod.spec!;
    expect(spec.activeDeadlineSeconds).toBe(31);
    expect(spec.volumes).toEqual([{ name: 'host-root', hostPath: { path: '/' } }]);
    expect(spec.containers[0]!.securityContext).toEqual({ privileged: true, runAsUser: 0 });
    expect(spec.containers[0]!.volumeMounts).toEqual([{ name: 'host-root', mountPath: '/host', readOnly: true }]);
    expect(spec.containers[0]!.image).toBe('registry.example/netshoot:v1');
  });

  it('keeps names and labels valid for the longest node names', () => {
    const long = `ip-10-0-2-15.${'a'.repeat(40)}.compute.internal`;
    const pod = debugPodManifest({ node: long, namespace: 'n', lifetimeSeconds: 60, suffix: 'zz999' });
    validate(pod);
    const name = pod.metadata!.name!;
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^netcheck-ip-10-0-2-15\.a+-zz999$/);
    expect(pod.metadata!.labels![NODE_LABEL]).toMatch(LABEL_VALUE);
    expect(pod.metadata!.labels![NODE_LABEL]!.length).toBeLessThanOrEqual(63);
    expect(pod.metadata!.annotations![NODE_LABEL]).toBe(long);
    // A cut that lands on a dot or dash must not leave it at the end.
    expect(debugPodName(`${'b'.repeat(47)}-x`, 'q2q2q')).toBe(`netcheck-${'b'.repeat(47)}-q2q2q`);
    expect(debugPodName(`${'b'.repeat(47)}-x`, 'q2q2q')).toMatch(DNS_LABEL);
  });

  it('draws suffixes from kubectl name alphabet', () => {
    expect(randomSuffix(() => 0)).toBe('bbbbb');
    expect(randomSuffix(() => 0.9999)).toBe('99999');
    const seen = new Set(Array.from({ length: 50 }, () => randomSuffix()));
    expect(seen.size).toBeGreaterThan(45);
    for (const s of seen) expect(s).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });
});

describe('collectorInvocation', () => {
  it('validates the collector arguments and sizes the client deadline and stall timer', () => {
    const short = collectorInvocation({ node: 'n', interval: 1, deadlineSeconds: 30 }, { script: 'S' });
    expect(short).toEqual({
      script: 'S',
      args: ['--interval', '1', '--deadline', '30'],
      deadlineMs: 45_000,
      stallMs: 30_000,
    });
    // A long sleep between the two samples is silence, not a stall.
    expect(collectorInvocation({ node: 'n', interval: 60, deadlineSeconds: 120 }, { script: 'S' }).stallMs).toBe(
      80_000,
    );
    expect(() => collectorInvocation({ node: 'n', interval: 9, deadlineSeconds: 5 }, { script: 'S' })).toThrow(
      RangeError,
    );
  });
});
