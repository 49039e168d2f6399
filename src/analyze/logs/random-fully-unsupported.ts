// Draws `iptables.random-fully-unsupported` (info): kubelet or kube-proxy logs that the node's iptables cannot do
// `--random-fully`, so their MASQUERADE rules use the SNAT port allocation that races.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { itemsOf } from '../../parse/items-of.js';
import { kubeletLogParser } from '../../parse/logs/kubelet-log.js';
import { kubeProxyLogs } from '../readings/kube-proxy-events.js';

/** iptables.random-fully-unsupported: the "Not using --random-fully" line (the "Using" line gives nothing). */
export function analyzeRandomFullyUnsupported(report: Report): Finding[] {
  const evidence: string[] = [];
  for (const { value } of itemsOf(report, kubeletLogParser)) {
    if (value.randomFully === 'unsupported' && value.randomFullyLine)
      evidence.push(`kubelet log: ${value.randomFullyLine}`);
  }
  for (const log of kubeProxyLogs(report)) {
    if (log.randomFully && !log.randomFully.supported) evidence.push(`kube-proxy log: ${log.randomFully.line}`);
  }
  if (evidence.length === 0) return [];
  return [
    {
      id: 'iptables.random-fully-unsupported',
      severity: 'info',
      title:
        "This node's iptables has no `--random-fully`: the MASQUERADE rules of kubelet and kube-proxy use the racy port allocation",
      evidence: evidence.slice(0, 2),
      fix: 'Upgrade iptables to 1.6.2 or newer (kernel 3.13+): without it SNAT port clashes show as `insert_failed` in `conntrack -S` and as 1 s / 5 s connect and DNS delays under load.',
    },
  ];
}
