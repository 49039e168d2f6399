// Draws `sockets.listen-overflow` (accept/SYN queue overflows) and `sockets.tcp-out-of-memory` (memory-pressure aborts)
// from `netstat -s` / `nstat` / /proc/net/netstat counters: since boot from one reading, the trend from two.
import type { Finding, Severity } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { itemsOf } from '../../parse/items-of.js';
import { type NetstatSample, netstatStatsParser } from '../../parse/sockets/netstat-stats.js';
import { type CounterSample, counterSamples, deltaText, secondsApart } from '../readings/counter-samples.js';

/** Since boot, at least this many overflows in one reading is a listener that could not keep up (warning). */
const MANY = 1000;

const LISTEN_FIX =
  'Find the listener whose queue fills (`ss -lnt`: Recv-Q at or near Send-Q, the backlog), then let it accept faster ' +
  "(more workers) or give it a longer queue: the application's listen backlog (e.g. nginx `listen ... backlog=`) is " +
  'capped by `net.core.somaxconn` (default 4096 since kernel 5.4, 128 before) and the SYN queue by ' +
  '`net.ipv4.tcp_max_syn_backlog`; in a pod, `net.core.somaxconn` is a namespaced sysctl (`securityContext.sysctls`).';

interface Reading {
  name: string;
  label: string;
}

const LISTEN: Reading[] = [
  { name: 'TcpExtListenOverflows', label: 'times the listen queue of a socket overflowed (ListenOverflows)' },
  { name: 'TcpExtListenDrops', label: 'SYNs to LISTEN sockets dropped (ListenDrops)' },
  { name: 'TcpExtTCPReqQFullDrop', label: 'SYNs dropped with the SYN queue full (TCPReqQFullDrop)' },
];

function trend(samples: CounterSample<NetstatSample>[], name: string, report: Report) {
  const withIt = samples.filter((s) => s.value.counters[name] !== undefined);
  const first = withIt[0];
  const last = withIt.at(-1);
  if (!first || !last) return undefined;
  const total = last.value.counters[name]!;
  if (first === last) return { total };
  return { total, delta: total - first.value.counters[name]!, seconds: secondsApart(first, last, report) };
}

/** `sockets.listen-overflow` and `sockets.tcp-out-of-memory` from the kernel's TCP counters. */
export function analyzeListenOverflow(report: Report): Finding[] {
  const samples = counterSamples(itemsOf(report, netstatStatsParser));
  if (samples.length === 0) return [];
  const findings: Finding[] = [];
  const evidence: string[] = [];
  let severity: Severity | undefined;
  const raise = (s: Severity) => {
    const rank = { info: 0, warning: 1, critical: 2 };
    if (!severity || rank[s] > rank[severity]) severity = s;
  };
  for (const { name, label } of LISTEN) {
    const t = trend(samples, name, report);
    if (!t || t.total <= 0) continue;
    if (t.delta === undefined) {
      evidence.push(`${t.total} ${label} since boot`);
      raise(t.total >= MANY ? 'warning' : 'info');
    } else if (t.delta > 0) {
      evidence.push(`${label}: ${deltaText(t.delta, t.seconds)}, ${t.total} since boot`);
      raise('warning');
    } else {
      evidence.push(`${t.total} ${label} since boot, unchanged between the readings`);
      raise('info');
    }
  }
  if (severity) {
    findings.push({
      id: 'sockets.listen-overflow',
      severity,
      title:
        severity === 'info'
          ? 'Some listen-queue overflows since boot: a listener fell behind at some point'
          : 'Listen queues overflow: the kernel drops new connections (clients see SYN retries, 1 s / 3 s stalls)',
      evidence,
      fix: LISTEN_FIX,
    });
  }
  const mem = trend(samples, 'TcpExtTCPAbortOnMemory', report);
  if (mem && mem.total > 0 && (mem.delta === undefined || mem.delta > 0)) {
    findings.push({
      id: 'sockets.tcp-out-of-memory',
      severity: mem.delta !== undefined ? 'critical' : mem.total > 5 ? 'warning' : 'info',
      title: 'TCP connections aborted under memory pressure (tcp_mem exhausted)',
      evidence: [
        mem.delta !== undefined
          ? `connections aborted due to memory pressure (TCPAbortOnMemory): ${deltaText(mem.delta, mem.seconds)}`
          : `${mem.total} connections aborted due to memory pressure (TCPAbortOnMemory) since boot`,
      ],
      fix:
        'Compare TCP `mem` in /proc/net/sockstat (pages) with `sysctl net.ipv4.tcp_mem`; raise `net.ipv4.tcp_mem` if ' +
        'the node has memory to spare, and find the sockets holding unread buffers (`ss -tmp`).',
    });
  }
  return findings;
}
