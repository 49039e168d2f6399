// Draws `coredns.start-failed`: a CoreDNS that cannot start (Corefile errors, port in use, other fatal errors).
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { corednsLogParser } from '../../parse/dns/coredns-log.js';
import { itemsOf } from '../../parse/items-of.js';

/** `coredns.start-failed`: `[FATAL]` lines other than a loop, Corefile parse errors, `listen ...: bind:` failures. */
export function analyzeCorednsStart(report: Report): Finding[] {
  let count = 0;
  const evidence: string[] = [];
  for (const { value } of itemsOf(report, corednsLogParser)) {
    count += value.startFailures.count;
    for (const line of value.startFailures.examples) if (evidence.length < 4) evidence.push(line);
  }
  if (count === 0) return [];
  const bind = evidence.some((l) => /bind: /.test(l));
  return [
    {
      id: 'coredns.start-failed',
      severity: 'critical',
      title: 'CoreDNS cannot start: its Corefile or environment is invalid',
      evidence,
      fix: bind
        ? 'Another process holds the port (a host DNS server with hostNetwork CoreDNS, or a second CoreDNS): free the port or bind CoreDNS elsewhere.'
        : 'Fix the Corefile line the error names (`kubectl -n kube-system edit configmap coredns`; plugins not compiled into this CoreDNS build and malformed `forward` targets are the usual cases), then restart the CoreDNS pods.',
      docs: 'https://coredns.io/manual/configuration/',
    },
  ];
}
