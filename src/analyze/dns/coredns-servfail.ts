// Draws `coredns.servfail`: the `log` plugin shows CoreDNS answering clients with SERVFAIL (or REFUSED).
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { corednsLogParser } from '../../parse/dns/coredns-log.js';
import { itemsOf } from '../../parse/items-of.js';

/**
 * `coredns.servfail`: SERVFAIL/REFUSED answers in the query log. Warning from 2 such answers making at least 5 % of
 * the logged answers; fewer is info. NXDOMAIN is never counted: search-list expansions answer NXDOMAIN by design.
 */
export function analyzeCorednsServfail(report: Report): Finding[] {
  let failed = 0;
  let total = 0;
  const evidence: string[] = [];
  const codes: Record<string, number> = {};
  for (const { value } of itemsOf(report, corednsLogParser)) {
    for (const [code, n] of Object.entries(value.rcodes)) {
      total += n;
      codes[code] = (codes[code] ?? 0) + n;
      if (code === 'SERVFAIL' || code === 'REFUSED') failed += n;
    }
    for (const line of value.failedQueries) if (evidence.length < 4) evidence.push(line);
  }
  if (failed === 0) return [];
  const warn = failed >= 2 && failed / total >= 0.05;
  evidence.push(
    `${failed} of ${total} logged answers failed (${Object.entries(codes)
      .map(([c, n]) => `${c} ${n}`)
      .join(', ')})`,
  );
  return [
    {
      id: 'coredns.servfail',
      severity: warn ? 'warning' : 'info',
      title: `CoreDNS answered ${failed} quer${failed === 1 ? 'y' : 'ies'} with SERVFAIL/REFUSED`,
      evidence,
      fix:
        "Enable the `errors` plugin if it is off and read why (upstream timeouts, DNSSEC failures, a stub domain's " +
        'server down); test the upstream from the CoreDNS pod; REFUSED from CoreDNS means no server block covers the zone.',
      docs: 'https://coredns.io/plugins/errors/',
    },
  ];
}
