// Draws `networkpolicy.drops`: NetworkPolicy chains (Calico, kube-router, Weave, Antrea) whose DROP/REJECT rules
// matched packets, from a dump with counters.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { ruleSources } from '../readings/rule-sources.js';

/** networkpolicy.drops: packets counted on a policy chain's DROP/REJECT. */
export function analyzeNetworkPolicyDrops(report: Report): Finding[] {
  const evidence: string[] = [];
  let packets = 0;
  const agents = new Set<string>();
  for (const source of ruleSources(report)) {
    const drops = source.tally.policyDrops;
    if (drops.count === 0) continue;
    packets += drops.packets;
    for (const r of [...drops.rules].sort((a, b) => b.packets - a.packets)) {
      agents.add(r.agent);
      if (evidence.length < 5) evidence.push(`${source.label}: ${r.chain}: ${r.packets} packets: ${r.rule}`);
    }
  }
  if (packets === 0) return [];
  return [
    {
      id: 'networkpolicy.drops',
      severity: 'warning',
      title: `NetworkPolicy is dropping traffic (${[...agents].join('/')} policy chains: ${packets} packets)`,
      evidence,
      fix: 'Name the policy from the chain (Calico `cali-pi-<policy>`/`cali-po-<policy>`, `calicoctl get networkpolicy -A`; kube-router `KUBE-NWPLCY-*` comments; `kubectl get networkpolicy -A`) and check whether the blocked flow should be allowed: an ingress rule for the client pods/namespace, an egress rule for DNS (UDP and TCP 53) under a default-deny. Counters are cumulative: sample twice to see whether they are rising.',
    },
  ];
}
