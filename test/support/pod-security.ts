// Pod Security Admission, as far as a node-diagnosis pod meets it: the namespace's `enforce` label decides the level,
// and a pod that breaks it is rejected with the checks it fails, named and ordered as the admission plugin names them
// (baseline checks first, then restricted ones, each in check order).
import type { INamespace, IPod } from 'kubernetes-models/v1';

type Container = NonNullable<NonNullable<IPod['spec']>['containers']>[number];

/** Capabilities the Pod Security `baseline` level lets a container add (Pod Security Standards, "Capabilities"). */
export const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

const quoted = (names: string[]) => names.map((n) => `"${n}"`).join(', ');
const plural = (word: string, names: string[]) => `${word}${names.length > 1 ? 's' : ''} ${quoted(names)}`;

/** The `enforce` policy of a namespace, e.g. `baseline:latest`, or undefined when it is privileged. */
export function enforcedPolicy(namespace: INamespace | undefined): { level: string; policy: string } | undefined {
  const labels = namespace?.metadata?.labels ?? {};
  const level = labels['pod-security.kubernetes.io/enforce'];
  if (level !== 'baseline' && level !== 'restricted') return undefined;
  return { level, policy: `${level}:${labels['pod-security.kubernetes.io/enforce-version'] ?? 'latest'}` };
}

function baselineViolations(pod: IPod, containers: Container[]): string[] {
  const spec = pod.spec ?? { containers: [] };
  const out: string[] = [];
  const addedCaps = containers.flatMap((c) => {
    const bad = (c.securityContext?.capabilities?.add ?? []).filter((cap) => !BASELINE_CAPABILITIES.has(cap));
    return bad.length
      ? [`${plural('container', [c.name])} must not include ${quoted(bad)} in securityContext.capabilities.add`]
      : [];
  });
  if (addedCaps.length) out.push(`non-default capabilities (${addedCaps.join('; ')})`);
  const hostNs = (['hostNetwork', 'hostPID', 'hostIPC'] as const).filter((f) => spec[f]).map((f) => `${f}=true`);
  if (hostNs.length) out.push(`host namespaces (${hostNs.join(', ')})`);
  const hostPaths = (spec.volumes ?? []).filter((v) => v.hostPath).map((v) => v.name);
  if (hostPaths.length) out.push(`hostPath volumes (${plural('volume', hostPaths)})`);
  const privileged = containers.filter((c) => c.securityContext?.privileged).map((c) => c.name);
  if (privileged.length)
    out.push(`privileged (${plural('container', privileged)} must not set securityContext.privileged=true)`);
  return out;
}

function restrictedViolations(pod: IPod, containers: Container[]): string[] {
  const spec = pod.spec ?? { containers: [] };
  const out: string[] = [];
  const escalating = containers.filter((c) => c.securityContext?.allowPrivilegeEscalation !== false).map((c) => c.name);
  if (escalating.length) {
    out.push(
      `allowPrivilegeEscalation != false (${plural('container', escalating)} must set securityContext.allowPrivilegeEscalation=false)`,
    );
  }
  const undropped = containers
    .filter((c) => !(c.securityContext?.capabilities?.drop ?? []).includes('ALL'))
    .map((c) => c.name);
  if (undropped.length) {
    out.push(
      `unrestricted capabilities (${plural('container', undropped)} must set securityContext.capabilities.drop=["ALL"])`,
    );
  }
  const hostPaths = (spec.volumes ?? []).filter((v) => v.hostPath).map((v) => v.name);
  if (hostPaths.length) {
    out.push(
      `restricted volume types (${plural('volume', hostPaths)} ${hostPaths.length > 1 ? 'use' : 'uses'} restricted volume type "hostPath")`,
    );
  }
  const podNonRoot = spec.securityContext?.runAsNonRoot === true;
  const root = containers.filter((c) => !(c.securityContext?.runAsNonRoot ?? podNonRoot)).map((c) => c.name);
  if (root.length)
    out.push(`runAsNonRoot != true (pod or ${plural('container', root)} must set securityContext.runAsNonRoot=true)`);
  const podSeccomp = spec.securityContext?.seccompProfile?.type;
  const noSeccomp = containers
    .filter(
      (c) => !['RuntimeDefault', 'Localhost'].includes(c.securityContext?.seccompProfile?.type ?? podSeccomp ?? ''),
    )
    .map((c) => c.name);
  if (noSeccomp.length) {
    out.push(
      `seccompProfile (pod or ${plural('container', noSeccomp)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")`,
    );
  }
  return out;
}

/** The checks `pod` fails at `level` (empty when it is admitted). */
export function podSecurityViolations(pod: IPod, level: string): string[] {
  const containers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  const baseline = baselineViolations(pod, containers);
  return level === 'restricted' ? [...baseline, ...restrictedViolations(pod, containers)] : baseline;
}
