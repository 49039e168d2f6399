// Draws `kube-proxy.mode` (info): the proxy mode the rules or the /proxyMode endpoint show.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { detectProxyMode } from '../readings/detect-proxy-mode.js';

const NOTES: Record<string, string> = {
  iptables: 'Service rules are iptables chains walked per packet; large clusters pay for every rule on each sync.',
  ipvs: 'Services are IPVS virtual servers (`ipvsadm -Ln`); iptables only holds a few ipset-based rules.',
  nftables:
    'Services are nftables maps in `table ip kube-proxy` (`nft list table ip kube-proxy`); iptables-save shows none of them.',
  userspace: 'The userspace proxy was removed in Kubernetes 1.26: upgrade and pick iptables, ipvs or nftables.',
  kernelspace: 'Windows kernel (HNS) proxy.',
};

/** kube-proxy.mode (info): which proxy mode the rules or the /proxyMode endpoint show. */
export function analyzeKubeProxyMode(report: Report): Finding[] {
  const verdict = detectProxyMode(report);
  if (!verdict) return [];
  return [
    {
      id: 'kube-proxy.mode',
      severity: 'info',
      title: `kube-proxy mode: ${verdict.label}${verdict.stated ? '' : ' (judged from its rules)'}`,
      evidence: [...verdict.evidence, NOTES[verdict.mode] ?? ''].filter((l) => l !== ''),
    },
  ];
}
