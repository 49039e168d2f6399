// Draws `sockets.orphans-high`: orphaned TCP sockets at or above the kernel's limit.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { sysctlNumbers, tcpSamples } from '../readings/socket-samples.js';

/**
 * `sockets.orphans-high`: orphaned TCP sockets (closed by the application, not yet by the kernel) at or above
 * `net.ipv4.tcp_max_orphans`: the kernel resets connections and logs "too many orphaned sockets" /
 * "Out of socket memory". Needs the limit from a sysctl item (its default depends on memory).
 */
export function analyzeOrphansHigh(report: Report): Finding[] {
  const limit = sysctlNumbers(report, 'net.ipv4.tcp_max_orphans')?.[0];
  if (limit === undefined || limit <= 0) return [];
  const evidence: string[] = [];
  for (const s of tcpSamples(report)) {
    if (s.orphans === undefined || s.orphans < limit * 0.9) continue;
    evidence.push(`${s.source}: ${s.orphans} orphaned TCP sockets vs net.ipv4.tcp_max_orphans = ${limit}`);
  }
  if (evidence.length === 0) return [];
  const over = tcpSamples(report).some((s) => s.orphans !== undefined && s.orphans >= limit);
  return [
    {
      id: 'sockets.orphans-high',
      severity: over ? 'critical' : 'warning',
      title: over
        ? 'Orphaned TCP sockets exceed tcp_max_orphans: the kernel is resetting connections'
        : 'Orphaned TCP sockets are close to tcp_max_orphans',
      evidence: evidence.slice(0, 6),
      fix: 'Raise `net.ipv4.tcp_max_orphans` (each orphan can hold up to 64 KB), lower `net.ipv4.tcp_orphan_retries` and `net.ipv4.tcp_fin_timeout`, and find the peers that stop reading (`ss -tan state fin-wait-1`).',
    },
  ];
}
