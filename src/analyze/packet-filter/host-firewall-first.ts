// Draws `iptables.host-firewall-first`: a catch-all DROP/REJECT of the host firewall (its own rule, or a firewalld/
// ufw chain that rejects) sits in INPUT or FORWARD before the rules kube-proxy and the CNI need.
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
  return Object.values(tally.tables).some((t) => Object.keys(t.chains).some((c) => c.startsWith('KUBE-')));
}

/** The catch-all reject that comes before the chain's first Kubernetes rule, or undefined. */
function preempting(chain: BuiltinChain, rejecting: readonly string[], kubeNode: boolean): OrderedRule | undefined {
  const first = chain.rules.findIndex((r) => isKubeRule(r, kubeNode));
  if (first < 0) return undefined;
  return chain.rules
    .slice(0, first)
    .find((r) => r.catchAll && (r.target === 'DROP' || r.target === 'REJECT' || rejecting.includes(r.target)));
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
      const reject = preempting(chain, rejectingChains, kubeNode);
      if (!reject) continue;
      const kube = chain.rules.find((r) => isKubeRule(r, kubeNode))!;
      evidence.push(`${source.label}: ${name}: \`${reject.rule}\` comes before \`${kube.rule}\``);
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
