// Draws `conntrack.tunnel-tracked`: overlay encapsulation traffic (VXLAN, Geneve) tracked as one-way UDP flows.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { breakdowns } from '../readings/conntrack-breakdowns.js';
import { percent } from '../readings/table-size.js';

/** Encapsulation ports: VXLAN (IANA 4789, Linux/flannel default 8472), Geneve 6081. */
const TUNNEL_PORTS: Record<string, string> = {
  '4789': 'VXLAN',
  '8472': 'VXLAN (flannel/Linux default)',
  '6081': 'Geneve',
};
const WARN_ENTRIES = 1000;
const WARN_SHARE = 0.05;
const INFO_ENTRIES = 20;

/** `conntrack.tunnel-tracked`: overlay encapsulation traffic tracked as one-way UDP flows, filling the table. */
export function analyzeTunnelTracked(report: Report): Finding[] {
  const findings: Finding[] = [];
  for (const item of breakdowns(report)) {
    const b = item.value;
    const ports = b.udpUnrepliedDport.filter((e) => TUNNEL_PORTS[e.key]);
    const tunneled = ports.reduce((sum, e) => sum + e.count, 0);
    if (tunneled < INFO_ENTRIES) continue;
    const share = b.total > 0 ? tunneled / b.total : 0;
    const severity = tunneled >= WARN_ENTRIES || (tunneled >= 100 && share >= WARN_SHARE) ? 'warning' : 'info';
    const evidence = ports.map((e) => `${e.count} UDP [UNREPLIED] entries to port ${e.key} (${TUNNEL_PORTS[e.key]})`);
    if (b.total > 0)
      evidence.push(`${tunneled} of ${b.total} entries (${percent(tunneled, b.total)}) are tunnel packets`);
    findings.push({
      id: 'conntrack.tunnel-tracked',
      severity,
      title: 'Overlay tunnel packets are conntracked as one-way UDP flows: they take table space for nothing',
      evidence,
      fix: `Skip tracking for the encapsulation: \`iptables -t raw -A PREROUTING -p udp --dport ${ports[0]?.key ?? '4789'} -j NOTRACK\` and \`iptables -t raw -A OUTPUT -p udp --dport ${ports[0]?.key ?? '4789'} -j NOTRACK\` (or the CNI's own option, e.g. Calico/Cilium settings that add NOTRACK for the tunnel port).`,
    });
  }
  return findings;
}
