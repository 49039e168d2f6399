// Draws `cilium.policy-drops`: packets dropped by network policy (default deny, or an explicit deny rule).
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { isPolicyDrop } from '../../parse/cilium/drop-reasons.js';
import { describeDrop, dropsSeen } from './drop-sources.js';

/** `cilium.policy-drops`: warning for live policy drops (who to whom), info for the agent's cumulative counter. */
export function analyzeCiliumPolicyDrops(report: Report): Finding[] {
  const drops = dropsSeen(report).filter((d) => isPolicyDrop(d.reason));
  if (drops.length === 0) return [];
  const live = drops.some((d) => d.how === 'live');
  const total = drops.filter((d) => d.how === (live ? 'live' : 'counter')).reduce((n, d) => n + d.count, 0);
  return [
    {
      id: 'cilium.policy-drops',
      severity: live ? 'warning' : 'info',
      title: live
        ? `Network policy dropped ${total} packet${total === 1 ? '' : 's'} (Cilium "Policy denied")`
        : 'Cilium counts packets dropped by network policy since the agent started',
      evidence: drops.slice(0, 6).map(describeDrop),
      fix: 'If the traffic should pass, allow it: find the policies selecting the destination (`kubectl get cnp,ccnp,netpol -A`), check the identities (`cilium-dbg identity get <id>`, `hubble observe --verdict DROPPED -o json` shows labels) and add an ingress/egress rule for that peer and port (DNS to kube-dns on 53/UDP+TCP is a common miss); `hubble observe --type policy-verdict` names the rule match.',
    },
  ];
}
