// Draws `cilium.kube-proxy-replacement` (info): Cilium handles Services in BPF here, so the netfilter conntrack and
// iptables findings (and their silence) say nothing about Service traffic.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { ciliumKpr } from '../readings/cilium-kpr.js';
import { ruleSources } from '../readings/rule-sources.js';
import { tableSize } from '../readings/table-size.js';

/** `cilium.kube-proxy-replacement`: the node's Services are Cilium's BPF maps, not netfilter. */
export function analyzeKubeProxyReplacement(report: Report): Finding[] {
  const kpr = ciliumKpr(report);
  if (!kpr) return [];
  const evidence = [...kpr.evidence];
  const size = tableSize(report);
  const blind: string[] = [];
  if (size.count !== undefined) {
    blind.push(
      `netfilter conntrack reads ${size.count}${size.max !== undefined ? `/${size.max}` : ''} entries: Cilium tracks Service and pod connections in its own BPF CT maps (cilium_ct4_global...), which this count does not include`,
    );
  }
  const rules = ruleSources(report);
  if (rules.length > 0) {
    blind.push(
      `${rules.map((r) => r.label).join(', ')}: no kube-proxy Service rules to judge; Services live in Cilium's BPF service maps (\`cilium-dbg service list\`)`,
    );
  }
  evidence.push(...blind);
  evidence.push(
    'netfilter-based findings (conntrack table pressure, insert_failed, iptables Service rules) are blind to Service traffic here: no such finding does not mean healthy; read `cilium-dbg status --verbose`, `cilium-dbg metrics list` (drops, cilium_bpf_map_pressure) and `hubble observe --verdict DROPPED` instead',
  );
  return [
    {
      id: 'cilium.kube-proxy-replacement',
      severity: 'info',
      title:
        kpr.scope === 'full'
          ? `Cilium replaces kube-proxy on this node${kpr.stated ? '' : ' (inferred from the rules)'}: netfilter conntrack and iptables findings do not cover Services`
          : 'Cilium replaces kube-proxy for some Service types: netfilter conntrack and iptables findings cover only part of the Service traffic',
      evidence,
      fix: 'Diagnose Services and connection tracking with Cilium\'s tools: `cilium-dbg status --verbose`, `cilium-dbg bpf ct list global | wc -l` against the CT map sizes, `cilium-dbg metrics list | grep -E "drop_count|map_pressure"`, `hubble observe --verdict DROPPED`.',
    },
  ];
}
