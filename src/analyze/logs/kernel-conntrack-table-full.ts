// Draws the conntrack tables' full messages from the kernel log: `conntrack.table-full` ("nf_conntrack: table full,
// dropping packet") and `conntrack.expect-table-full` ("nf_conntrack: expectation table full").
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { kernelLogEvidence, kernelStat } from '../readings/kernel-log-stats.js';

export const TABLE_FULL_FIX =
  'Raise the table size. Where kube-proxy manages it (its log says "Setting nf_conntrack_max"), set ' +
  '`conntrack.maxPerCore` (default 32768) or `conntrack.min` in the KubeProxyConfiguration, since kube-proxy overwrites ' +
  'host sysctls; otherwise `sysctl -w net.netfilter.nf_conntrack_max=1048576` and persist it in /etc/sysctl.d/. Raise ' +
  'the hash table with it (`echo 262144 > /sys/module/nf_conntrack/parameters/hashsize`, about max/4), shorten ' +
  '`net.netfilter.nf_conntrack_tcp_timeout_established` (e.g. 86400; kube-proxy `conntrack.tcpEstablishedTimeout`), ' +
  "and find the connection-heavy pods: `conntrack -L 2>/dev/null | awk '{for(i=1;i<=NF;i++) if ($i ~ /^src=/) {print $i; break}}' | sort | uniq -c | sort -rn | head`.";

/** `conntrack.table-full` ("nf_conntrack: table full, dropping packet") and `conntrack.expect-table-full`. */
export function analyzeKernelTableFull(report: Report): Finding[] {
  const expect = kernelStat(report, 'conntrack-expect-full');
  const findings: Finding[] = expect
    ? [
        {
          id: 'conntrack.expect-table-full',
          severity: 'warning',
          title: "The conntrack expectation table is full: helpers' related connections (FTP data, SIP media) fail",
          evidence: kernelLogEvidence('nf_conntrack: expectation table full', expect),
          fix:
            "Find the helper filling it (`conntrack -L expect | awk '{print $NF}' | sort | uniq -c`, `conntrack -S expect`), " +
            'raise `net.netfilter.nf_conntrack_expect_max` (default: max/256 on older kernels, hashsize/256 on newer) and ' +
            'attach helpers only where needed (iptables `-j CT --helper`), not to all traffic.',
        },
      ]
    : [];
  const s = kernelStat(report, 'conntrack-table-full');
  if (!s) return findings;
  return [
    ...findings,
    {
      id: 'conntrack.table-full',
      severity: 'critical',
      title: 'The conntrack table is full: the kernel is dropping new connections',
      evidence: kernelLogEvidence('nf_conntrack: table full, dropping packet', s),
      fix: TABLE_FULL_FIX,
      docs: 'https://kubernetes.io/docs/reference/config-api/kube-proxy-config.v1alpha1/#kubeproxy-config-k8s-io-v1alpha1-KubeProxyConntrackConfiguration',
    },
  ];
}
