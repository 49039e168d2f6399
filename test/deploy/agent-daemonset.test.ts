import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import type { IPriorityClass } from 'kubernetes-models/scheduling.k8s.io/v1/PriorityClass';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { describe, expect, it } from 'vitest';
import { BASELINE_CAPABILITIES } from '../support/pod-security.js';
import { findObject } from './find-object.js';
import { repoRoot } from './load-manifests.js';

/** What the agent executor looks for (src/adapters/k8s): keep the manifests and the code in step. */
const AGENT_NAMESPACE = 'netcheck';
const AGENT_LABEL = ['app.kubernetes.io/name', 'netcheck-agent'] as const;

const ds = findObject<IDaemonSet>('DaemonSet', 'netcheck-agent');
const pod = ds.spec!.template.spec!;
const [container, ...others] = pod.containers;

describe('namespace netcheck: Pod Security labels', () => {
  const ns = findObject<INamespace>('Namespace', AGENT_NAMESPACE);

  it('enforces, warns and audits at privileged (host namespaces and NET_ADMIN are outside baseline)', () => {
    const labels = ns.metadata?.labels ?? {};
    for (const mode of ['enforce', 'warn', 'audit']) {
      expect(labels[`pod-security.kubernetes.io/${mode}`], mode).toBe('privileged');
      expect(labels[`pod-security.kubernetes.io/${mode}-version`], mode).toBe('latest');
    }
  });
});

describe('Pod Security: the agent pod is outside baseline, so its namespace must enforce privileged', () => {
  it('breaks baseline on host namespaces and added capabilities only', () => {
    const violations = [
      ...(pod.hostNetwork ? ['hostNetwork'] : []),
      ...(pod.hostPID ? ['hostPID'] : []),
      ...(pod.hostIPC ? ['hostIPC'] : []),
      ...pod.containers.flatMap((c) => (c.securityContext?.privileged ? [`${c.name}: privileged`] : [])),
      ...pod.containers.flatMap((c) =>
        (c.securityContext?.capabilities?.add ?? []).filter((cap) => !BASELINE_CAPABILITIES.has(cap)),
      ),
      ...(pod.volumes ?? []).flatMap((v) => (v.hostPath ? [`hostPath ${v.name}`] : [])),
      ...pod.containers.flatMap((c) => (c.ports ?? []).flatMap((p) => (p.hostPort ? [`hostPort ${p.hostPort}`] : []))),
    ];
    expect(violations.sort()).toEqual(['NET_ADMIN', 'NET_RAW', 'SYSLOG', 'hostNetwork', 'hostPID']);
  });
});

describe('agent DaemonSet', () => {
  it('lives in namespace netcheck and carries the label the executor selects on, in its pods too', () => {
    expect(ds.metadata?.namespace).toBe(AGENT_NAMESPACE);
    expect(ds.spec?.selector.matchLabels).toEqual({ [AGENT_LABEL[0]]: AGENT_LABEL[1] });
    expect(ds.spec?.template.metadata?.labels?.[AGENT_LABEL[0]]).toBe(AGENT_LABEL[1]);
    expect(ds.metadata?.labels?.[AGENT_LABEL[0]]).toBe(AGENT_LABEL[1]);
    // Debug pods carry managed-by=netcheck and are cleaned up as orphans: the agent must never look like one.
    expect(ds.spec?.template.metadata?.labels?.['app.kubernetes.io/managed-by']).toBeUndefined();
  });

  it('runs in the host network and PID namespaces, with cluster DNS', () => {
    expect(pod.hostNetwork).toBe(true);
    expect(pod.hostPID).toBe(true);
    expect(pod.hostIPC).toBeUndefined();
    expect(pod.dnsPolicy).toBe('ClusterFirstWithHostNet');
  });

  it('tolerates every taint, on every Linux node', () => {
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(pod.affinity).toBeUndefined();
  });

  it('uses its own priority class, above workloads and below the system classes', () => {
    const pc = findObject<IPriorityClass>('PriorityClass', pod.priorityClassName!);
    expect(pc.value).toBeGreaterThan(0);
    expect(pc.value).toBeLessThanOrEqual(1_000_000_000);
    expect(pc.globalDefault).toBe(false);
  });

  it('has one container, idle (sleep) so the bot can exec into it', () => {
    expect(others).toEqual([]);
    expect(container?.name).toBe('agent');
    expect(container?.command).toEqual(['sleep', 'infinity']);
    expect(container?.args).toBeUndefined();
    expect(container?.stdin).toBeUndefined();
    expect(container?.tty).toBeUndefined();
  });

  it('has requests and limits for CPU and memory', () => {
    const { requests, limits } = container?.resources ?? {};
    for (const r of ['cpu', 'memory']) {
      expect(requests?.[r], `requests.${r}`).toBeDefined();
      expect(limits?.[r], `limits.${r}`).toBeDefined();
    }
  });

  it('is root with NET_ADMIN, NET_RAW and SYSLOG only: not privileged, no SYS_ADMIN, read-only root filesystem', () => {
    const sc = container?.securityContext;
    expect(sc?.privileged).toBe(false);
    expect(sc?.allowPrivilegeEscalation).toBe(false);
    expect(sc?.readOnlyRootFilesystem).toBe(true);
    expect(sc?.runAsUser).toBe(0);
    expect(sc?.capabilities?.drop).toEqual(['ALL']);
    expect([...(sc?.capabilities?.add ?? [])].sort()).toEqual(['NET_ADMIN', 'NET_RAW', 'SYSLOG']);
    expect(pod.securityContext?.seccompProfile?.type).toBe('RuntimeDefault');
  });

  it('gives the collector a writable scratch /tmp and mounts nothing from the host', () => {
    expect(container?.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]);
    expect(container?.env).toContainEqual({ name: 'TMPDIR', value: '/tmp' });
  });

  it('needs no API access: no service account token, no service links', () => {
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.enableServiceLinks).toBe(false);
    const sa = findObject<IServiceAccount>('ServiceAccount', pod.serviceAccountName!);
    expect(sa.automountServiceAccountToken).toBe(false);
  });

  it('runs the image built from deploy/agent/Dockerfile, tagged with the package version', () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    // The same default image as the debug-pod mode (src/adapters/k8s), so both modes run the same tools.
    expect(container?.image).toBe(`ghcr.io/netcheck/netcheck-agent:${version}`);
    expect(container?.imagePullPolicy).toBe('IfNotPresent');
  });
});
