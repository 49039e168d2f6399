// Draws `iptables.forward-drop-policy`: FORWARD drops by policy on a Kubernetes node and nothing in it accepts the
// pod network's traffic (the Docker-sets-FORWARD-DROP problem of overlay CNIs).
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { ruleSources } from '../readings/rule-sources.js';

/** CNI-owned FORWARD chains that accept pod traffic (kube-proxy's KUBE-FORWARD only accepts marked or established). */
const CNI_OWNERS = new Set(['calico', 'cilium', 'flannel', 'weave', 'kube-router', 'antrea', 'kindnet', 'cni-plugins']);

const COLLECTOR_CHAIN_CAP = 40;

/** iptables.forward-drop-policy: `-P FORWARD DROP` with Kubernetes chains and no pod-network accept in FORWARD. */
export function analyzeForwardDropPolicy(report: Report): Finding[] {
  const evidence: string[] = [];
  for (const source of ruleSources(report)) {
    const forward = source.tally.builtins.FORWARD;
    if (forward?.policy !== 'DROP') continue;
    // The collector keeps the first 40 rules of a built-in chain: a shorter FORWARD is whole even in a cut dump.
    if (source.partial && forward.total >= COLLECTOR_CHAIN_CAP) continue;
    const kube = forward.rules.some((r) => r.owner === 'kube-proxy' || r.owner === 'kubernetes');
    if (!kube) continue;
    if (forward.total > forward.rules.length) continue;
    const accepts = forward.rules.some((r) => r.podAccept || (r.owner !== undefined && CNI_OWNERS.has(r.owner)));
    if (accepts) continue;
    evidence.push(
      `${source.label}: FORWARD policy DROP; its ${forward.total} rule${forward.total === 1 ? '' : 's'} jump to ${[
        ...new Set(forward.rules.map((r) => r.target)),
      ].join(', ')}, none accepts the pod network`,
    );
  }
  if (evidence.length === 0) return [];
  return [
    {
      id: 'iptables.forward-drop-policy',
      severity: 'warning',
      title: 'FORWARD drops by default and no rule accepts pod traffic: pod-to-pod traffic between nodes is dropped',
      evidence,
      fix: "Docker (and ufw/firewalld) set `-P FORWARD DROP`; kube-proxy's KUBE-FORWARD only accepts marked or established flows. Accept the pod CIDR: `iptables -A FORWARD -s <pod CIDR> -j ACCEPT; iptables -A FORWARD -d <pod CIDR> -j ACCEPT` (persist it), or upgrade the CNI so it adds its own FORWARD accept (flannel >= 0.10 FLANNEL-FWD), or `iptables -P FORWARD ACCEPT` where the host firewall allows.",
      docs: 'https://github.com/flannel-io/flannel/issues/799',
    },
  ];
}
