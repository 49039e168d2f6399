// Whether Cilium replaces kube-proxy on this node, from its status line or from the rules (Cilium chains present,
// kube-proxy's Service chains absent): then netfilter conntrack and iptables do not see Service traffic.
import type { Report } from '../../domain/report.js';
import { ciliumStatusParser } from '../../parse/cilium/cilium-status.js';
import { itemsOf } from '../../parse/items-of.js';
import { iptablesListParser } from '../../parse/packet-filter/iptables-list.js';
import { iptablesSaveParser } from '../../parse/packet-filter/iptables-save.js';
import { describeSource } from './rule-sources.js';

export interface CiliumKpr {
  /** `full`: every Service type (True/Strict); `partial`: some (Probe/Partial with features). */
  scope: 'full' | 'partial';
  /** Stated by `cilium status`, rather than inferred from rules. */
  stated: boolean;
  evidence: string[];
}

const FULL = /^(?:True|Strict)$/i;
const PARTIAL = /^(?:Probe|Partial)$/i;

/** Cilium's kube-proxy replacement as the report shows it; undefined when nothing says it is on. */
export function ciliumKpr(report: Report): CiliumKpr | undefined {
  for (const item of itemsOf(report, ciliumStatusParser)) {
    const kpr = item.value.kubeProxyReplacement;
    if (!kpr) continue;
    const line = `cilium status: KubeProxyReplacement: ${kpr.mode}${kpr.detail ? ` ${kpr.detail}` : ''}`.slice(0, 240);
    if (FULL.test(kpr.mode)) return { scope: 'full', stated: true, evidence: [line] };
    // `Partial ()` / `Partial   ()   []` enables nothing.
    if (PARTIAL.test(kpr.mode) && !/^\(\s*\)(?:\s*\[\s*\])?$/.test(kpr.detail)) {
      return { scope: 'partial', stated: true, evidence: [line] };
    }
    return undefined;
  }
  // Inferred: a whole nat table was dumped (not a grep of it), Cilium's chains are there and kube-proxy's Service
  // chains are not.
  const dumps = [...itemsOf(report, iptablesSaveParser), ...itemsOf(report, iptablesListParser)];
  for (const item of dumps) {
    if (/\bgrep\b/.test(item.source.command ?? '')) continue;
    const t = item.value.tally;
    if (!t.tables.nat || (t.agents.cilium ?? 0) === 0) continue;
    if (t.iptablesModeRules > 0 || t.ipvsModeRules > 0) continue;
    if (Object.keys(t.tables.nat.chains).some((c) => /^KUBE-(?:SERVICES|SVC|SEP|NODEPORTS)/.test(c))) continue;
    return {
      scope: 'full',
      stated: false,
      evidence: [
        `${describeSource(item, item.kind)}: ${t.agents.cilium} rules in CILIUM_* chains and no kube-proxy Service chain (KUBE-SERVICES/KUBE-SVC-*) in the nat table`,
      ],
    };
  }
  return undefined;
}
