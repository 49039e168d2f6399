// Draws `iptables.host-firewall-first`: a catch-all DROP/REJECT of the host firewall (its own rule, or a firewalld/
// ufw chain that rejects) sits in INPUT or FORWARD before rules kube-proxy or the CNI need, so they never match.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import type { BuiltinChain, OrderedRule, RuleTally } from '../../parse/packet-filter/iptables-rules.js';
import { ruleSources } from '../readings/rule-sources.js';

/** Owners whose rules make pod and Service traffic work. */
export const KUBE_OWNERS = new Set([
  'kube-proxy',
  'kubernetes',
  'calico',
  'cilium',
  'flannel',
  'weave',
  'kube-router',
  'antrea',
  'kindnet',
]);

/** A rule kube-proxy or a CNI wrote; an ACCEPT of a CIDR counts only on a node that has Kubernetes chains. */
export function isKubeRule(rule: OrderedRule, kubeNode: boolean): boolean {
  return (rule.owner !== undefined && KUBE_OWNERS.has(rule.owner)) || (kubeNode && rule.podAccept);
}

/** The dump holds kube-proxy's or a CNI's chains (a LAN ACCEPT on a plain host is not a pod-network rule). */
export function isKubeNode(tally: RuleTally): boolean {
  if (tally.iptablesModeRules > 0 || tally.ipvsModeRules > 0) return true;
  if (Object.keys(tally.agents).some((a) => KUBE_OWNERS.has(a))) return true;
  const builtin = [...(tally.builtins.INPUT?.rules ?? []), ...(tally.builtins.FORWARD?.rules ?? [])];
  if (builtin.some((r) => r.owner !== undefined && KUBE_OWNERS.has(r.owner))) return true;
  return Object.values(tally.tables).some((t) => Object.keys(t.chains).some((c) => c.startsWith('KUBE-')));
}

/** A catch-all reject followed by a Kubernetes rule it shadows (the first such pair), or undefined. */
function preempting(
  chain: BuiltinChain,
  rejecting: readonly string[],
  kubeNode: boolean,
): { reject: OrderedRule; shadowed: OrderedRule } | undefined {
  const at = chain.rules.findIndex(
    (r) => r.catchAll && (r.target === 'DROP' || r.target === 'REJECT' || rejecting.includes(r.target)),
  );
  if (at < 0) return undefined;
  const after = chain.rules.slice(at + 1);
  // On a Kubernetes node an ACCEPT appended after the reject (a CNI's or an admin's, even cut in the paste) never
  // matches either.
  const shadowed =
    after.find((r) => isKubeRule(r, kubeNode)) ??
    (kubeNode ? after.find((r) => r.target === 'ACCEPT' || r.target === '') : undefined);
  return shadowed ? { reject: chain.rules[at]!, shadowed } : undefined;
}

/** iptables.host-firewall-first: pod/Service rules placed after a host firewall rule that rejects everything. */
export function analyzeHostFirewallFirst(report: Report): Finding[] {
  const evidence: string[] = [];
  for (const source of ruleSources(report)) {
    const { builtins, rejectingChains } = source.tally;
    const kubeNode = isKubeNode(source.tally);
    for (const name of ['INPUT', 'FORWARD'] as const) {
      const chain = builtins[name];
      if (!chain) continue;
      const hit = preempting(chain, rejectingChains, kubeNode);
      if (!hit) continue;
      evidence.push(`${source.label}: ${name}: \`${hit.reject.rule}\` comes before \`${hit.shadowed.rule}\``);
    }
  }
  if (evidence.length === 0) return [];
  return [
    {
      id: 'iptables.host-firewall-first',
      severity: 'warning',
      title: "A host firewall rule rejects traffic before kube-proxy's and the CNI's rules see it",
      evidence,
      fix: 'Packets stop at the first DROP/REJECT: move the catch-all reject below the Kubernetes rules (or let the CNI insert its rules at the top), or open the pod and Service CIDRs and the CNI ports in the host firewall (firewalld: `firewall-cmd --permanent --zone=trusted --add-source=<pod CIDR>`; ufw: `ufw allow from <pod CIDR>` and `ufw route allow`); do not restart the host firewall after kube-proxy started without reloading kube-proxy and the CNI.',
    },
  ];
}
