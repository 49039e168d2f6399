import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { describeOccurrences, exampleLines, kernelStat } from './kernel-log-stats.js';

/** Socket limits the kernel reports hitting: TIME_WAIT buckets, TCP memory and orphans. */
export function analyzeKernelSocketLimits(report: Report): Finding[] {
  const findings: Finding[] = [];
  const tw = kernelStat(report, 'tcp-tw-overflow');
  if (tw) {
    findings.push({
      id: 'sockets.tw-bucket-overflow',
      severity: 'warning',
      title: 'TIME_WAIT sockets exceed net.ipv4.tcp_max_tw_buckets: the kernel destroys them early',
      evidence: [`kernel log: "TCP: time wait bucket table overflow" ${describeOccurrences(tw)}`, ...exampleLines(tw)],
      fix:
        'Cut connection churn (keep-alive, connection pools); check `ss -s` for the TIME_WAIT count; raise ' +
        '`net.ipv4.tcp_max_tw_buckets` only with enough memory, and consider `net.ipv4.tcp_tw_reuse=1` for outgoing connections.',
    });
  }
  const oom = kernelStat(report, 'tcp-out-of-memory');
  if (oom) {
    findings.push({
      id: 'sockets.tcp-out-of-memory',
      severity: 'critical',
      title: 'TCP ran out of socket memory or orphan slots: the kernel is killing connections',
      evidence: [
        `kernel log: "TCP: out of memory / too many orphaned sockets" ${describeOccurrences(oom)}`,
        ...exampleLines(oom),
      ],
      fix:
        'Compare `cat /proc/net/sockstat` (TCP mem, orphan) with `sysctl net.ipv4.tcp_mem net.ipv4.tcp_max_orphans`; raise ' +
        '`net.ipv4.tcp_mem` (pages) and `net.ipv4.tcp_max_orphans`, and find the process holding unread socket buffers (`ss -tmp`).',
    });
  }
  return findings;
}
