// Draws the socket limits the kernel log reports hitting: TIME_WAIT buckets, TCP memory, orphans, full SYN queues.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import type { KernelMessageClass } from '../../parse/logs/kernel-log.js';
import { kernelLogEvidence, kernelStat } from '../readings/kernel-log-stats.js';

interface SocketLimit {
  cls: KernelMessageClass;
  /** The kernel message, as quoted in the evidence. */
  message: string;
  id: string;
  severity: Finding['severity'];
  title: string;
  fix: string;
}

const LIMITS: SocketLimit[] = [
  {
    cls: 'tcp-tw-overflow',
    message: 'TCP: time wait bucket table overflow',
    id: 'sockets.tw-bucket-overflow',
    severity: 'warning',
    title: 'TIME_WAIT sockets exceed net.ipv4.tcp_max_tw_buckets: the kernel destroys them early',
    fix:
      'Cut connection churn (keep-alive, connection pools); check `ss -s` for the TIME_WAIT count; raise ' +
      '`net.ipv4.tcp_max_tw_buckets` only with enough memory, and consider `net.ipv4.tcp_tw_reuse=1` for outgoing connections.',
  },
  {
    cls: 'tcp-out-of-memory',
    message: 'TCP: out of memory -- consider tuning tcp_mem',
    id: 'sockets.tcp-out-of-memory',
    severity: 'critical',
    title: 'TCP ran out of socket memory (tcp_mem): the kernel is killing connections',
    fix:
      'Compare the `mem` of TCP in `cat /proc/net/sockstat` (pages) with `sysctl net.ipv4.tcp_mem`; raise `net.ipv4.tcp_mem` ' +
      'if the node has memory to spare, and find the sockets holding unread buffers (`ss -tmp`).',
  },
  {
    cls: 'tcp-orphans',
    message: 'TCP: too many orphaned sockets',
    id: 'sockets.orphans-high',
    severity: 'critical',
    title: 'Too many orphaned TCP sockets: the kernel resets connections',
    fix:
      'Raise `net.ipv4.tcp_max_orphans`, lower `net.ipv4.tcp_orphan_retries` / `net.ipv4.tcp_fin_timeout`, and find the ' +
      'peers that stop reading (`ss -tan state fin-wait-1 | head`).',
  },
  {
    cls: 'tcp-syn-flood',
    message: 'TCP: request_sock_TCP: Possible SYN flooding on port N',
    id: 'sockets.listen-overflow',
    severity: 'warning',
    title: "A listener's SYN queue overflowed: the kernel sent SYN cookies or dropped connection requests",
    fix:
      'Usually a busy listener, not an attack: check `nstat -az TcpExtListenOverflows TcpExtListenDrops` and the ' +
      "listener's queue (`ss -lnt 'sport = :PORT'`: Recv-Q vs Send-Q); raise the application's backlog with " +
      '`net.core.somaxconn` and `net.ipv4.tcp_max_syn_backlog`, and let it accept faster.',
  },
];

/** Socket limits the kernel log reports hitting: TIME_WAIT buckets, TCP memory, orphans, full SYN queues. */
export function analyzeKernelSocketLimits(report: Report): Finding[] {
  const findings: Finding[] = [];
  for (const { cls, message, id, severity, title, fix } of LIMITS) {
    const s = kernelStat(report, cls);
    if (s) findings.push({ id, severity, title, evidence: kernelLogEvidence(message, s), fix });
  }
  return findings;
}
