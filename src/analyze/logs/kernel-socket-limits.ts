import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { describeOccurrences, exampleLines, kernelStat } from './kernel-log-stats.js';

/** Socket limits the kernel log reports hitting: TIME_WAIT buckets, TCP memory, orphans. */
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
      title: 'TCP ran out of socket memory (tcp_mem): the kernel is killing connections',
      evidence: [
        `kernel log: "TCP: out of memory -- consider tuning tcp_mem" ${describeOccurrences(oom)}`,
        ...exampleLines(oom),
      ],
      fix:
        'Compare the `mem` of TCP in `cat /proc/net/sockstat` (pages) with `sysctl net.ipv4.tcp_mem`; raise `net.ipv4.tcp_mem` ' +
        'if the node has memory to spare, and find the sockets holding unread buffers (`ss -tmp`).',
    });
  }
  const orphans = kernelStat(report, 'tcp-orphans');
  if (orphans) {
    findings.push({
      id: 'sockets.orphans-high',
      severity: 'critical',
      title: 'Too many orphaned TCP sockets: the kernel resets connections',
      evidence: [
        `kernel log: "TCP: too many orphaned sockets" ${describeOccurrences(orphans)}`,
        ...exampleLines(orphans),
      ],
      fix:
        'Raise `net.ipv4.tcp_max_orphans`, lower `net.ipv4.tcp_orphan_retries` / `net.ipv4.tcp_fin_timeout`, and find the ' +
        'peers that stop reading (`ss -tan state fin-wait-1 | head`).',
    });
  }
  return findings;
}
