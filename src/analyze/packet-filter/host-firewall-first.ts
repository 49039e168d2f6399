// Draws `iptables.host-firewall-first`: a catch-all DROP/REJECT of the host firewall (its own rule, or a firewalld/
// ufw chain that rejects) sits in INPUT or FORWARD before the rules kube-proxy and the CNI need.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import type { BuiltinChain, OrderedRule } from '../../parse/packet-filter/iptables-rules.js';
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

export function isKubeRule(rule: OrderedRule): boolean {
  return (rule.owner !== undefined && KUBE_OWNERS.has(rule.owner)) || rule.podAccept;
}

/** The catch-all reject that comes before the chain's first Kubernetes rule, or undefined. */
function preempting(chain: BuiltinChain, rejecting: readonly string[]): OrderedRule | undefined {
  const first = chain.rules.findIndex(isKubeRule);
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
    for (const name of ['INPUT', 'FORWARD'] as const) {
      const chain = builtins[name];
      if (!chain) continue;
      const reject = preempting(chain, rejectingChains);
      if (!reject) continue;
      const kube = chain.rules.find(isKubeRule)!;
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
