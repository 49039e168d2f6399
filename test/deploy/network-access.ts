// What the NetworkPolicies of a build let into and out of each pod, as the API's semantics define it: a pod selected
// by any policy of a direction is isolated in that direction and gets the union of those policies' rules. Each
// allowed path is one readable line: `pod netcheck-bot 6379/TCP`, `anywhere 443/TCP`, `namespaces all ports`.
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import type { INetworkPolicyPort } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPort';
import { selects } from './label-selector.js';
import type { PodTemplate } from './pod-templates.js';

export type Direction = 'Ingress' | 'Egress';

/** The policy types a policy has, with the API's default (Ingress, plus Egress when it has egress rules). */
export function policyTypes(policy: INetworkPolicy): Direction[] {
  const declared = policy.spec?.policyTypes as Direction[] | undefined;
  return declared ?? ['Ingress', ...(policy.spec?.egress ? (['Egress'] as const) : [])];
}

/** The pods of the build a policy applies to (its own namespace only). */
export function selectedPods(policy: INetworkPolicy, pods: readonly PodTemplate[]): PodTemplate[] {
  return pods.filter(
    (p) => p.namespace === policy.metadata?.namespace && selects(policy.spec?.podSelector ?? {}, p.labels),
  );
}

function policiesOf(pod: PodTemplate, direction: Direction, policies: readonly INetworkPolicy[]): INetworkPolicy[] {
  return policies.filter((p) => policyTypes(p).includes(direction) && selectedPods(p, [pod]).length === 1);
}

/** True when some policy isolates POD in DIRECTION (only what a rule allows gets through). */
export function isolated(pod: PodTemplate, direction: Direction, policies: readonly INetworkPolicy[]): boolean {
  return policiesOf(pod, direction, policies).length > 0;
}

function containerPort(pod: PodTemplate | undefined, name: string): number | undefined {
  return pod?.spec.containers.flatMap((c) => c.ports ?? []).find((p) => p.name === name)?.containerPort;
}

/** The peers a rule names: `anywhere` (no peer list, or an ipBlock of everything), other namespaces, or our pods. */
function peers(list: INetworkPolicyPeer[] | undefined, self: PodTemplate, pods: readonly PodTemplate[]) {
  if (!list || list.length === 0) return [{ label: 'anywhere' }];
  return list.flatMap((peer): { label: string; pod?: PodTemplate }[] => {
    if (peer.ipBlock) return [{ label: peer.ipBlock.cidr === '0.0.0.0/0' ? 'anywhere' : `ip ${peer.ipBlock.cidr}` }];
    if (peer.namespaceSelector) return [{ label: 'namespaces' }];
    return pods
      .filter((p) => p.namespace === self.namespace && selects(peer.podSelector ?? {}, p.labels))
      .map((p) => ({ label: `pod ${p.name}`, pod: p }));
  });
}

/** A rule's ports; a named port is the port of that name on the pod receiving the traffic. */
function ports(list: INetworkPolicyPort[] | undefined, receiver: PodTemplate | undefined): string[] {
  if (!list || list.length === 0) return ['all ports'];
  return list.map((p) => {
    const number = typeof p.port === 'string' ? (containerPort(receiver, p.port) ?? p.port) : (p.port ?? 'all');
    return `${number}${p.endPort ? `-${p.endPort}` : ''}/${p.protocol ?? 'TCP'}`;
  });
}

/**
 * Every path the policies allow for POD in DIRECTION, sorted: `PEER PORT` lines. `['everything']` when no policy
 * isolates the pod in that direction.
 */
export function allowed(
  pod: PodTemplate,
  direction: Direction,
  policies: readonly INetworkPolicy[],
  pods: readonly PodTemplate[],
): string[] {
  const selecting = policiesOf(pod, direction, policies);
  if (selecting.length === 0) return ['everything'];
  const lines = new Set<string>();
  for (const policy of selecting) {
    const rules =
      direction === 'Ingress'
        ? (policy.spec?.ingress ?? []).map((r) => ({ peers: r.from, ports: r.ports }))
        : (policy.spec?.egress ?? []).map((r) => ({ peers: r.to, ports: r.ports }));
    for (const rule of rules) {
      for (const peer of peers(rule.peers, pod, pods)) {
        const receiver = direction === 'Ingress' ? pod : peer.pod;
        for (const port of ports(rule.ports, receiver)) lines.add(`${peer.label} ${port}`);
      }
    }
  }
  return [...lines].sort();
}
