// Draws `iptables.custom-kube-rule`: a target kube-proxy never writes, inside one of kube-proxy's chains.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { ruleSources } from '../readings/rule-sources.js';

/** iptables.custom-kube-rule: a target kube-proxy never writes, inside one of kube-proxy's own chains. */
export function analyzeCustomKubeRules(report: Report): Finding[] {
  const evidence: string[] = [];
  const targets = new Set<string>();
  let total = 0;
  for (const source of ruleSources(report)) {
    total += source.tally.customKube.count;
    for (const rule of source.tally.customKube.rules) {
      targets.add(`${rule.target} in ${rule.chain}`);
      if (evidence.length < 6) evidence.push(`${source.label}: ${rule.rule}`);
    }
  }
  if (total === 0) return [];
  if (total > evidence.length) evidence.push(`${total} such rules in all`);
  return [
    {
      id: 'iptables.custom-kube-rule',
      severity: 'warning',
      title: `Foreign rule inside kube-proxy's chains (${[...targets].slice(0, 3).join(', ')}): kube-proxy does not write these`,
      evidence,
      fix: 'kube-proxy rewrites its KUBE-* chains on every sync, so hand-made or third-party rules there vanish or fight it. Find the writer (a CNI, ip-masq-agent, a node script, a patched kube-proxy: `iptables-save | grep -n <chain>`, check DaemonSets with NET_ADMIN) and move the rule into a chain of its own jumped to from PREROUTING/POSTROUTING.',
    },
  ];
}
