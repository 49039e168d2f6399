// Draws `dns.query-retransmitted` and `dns.aaaa-race` from tcpdump traces: questions sent again because no answer came.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { dnsTcpdumpParser } from '../../parse/dns/dns-tcpdump.js';
import { itemsOf } from '../../parse/items-of.js';
import {
  describeExchange,
  type ExchangeView,
  type RacePair,
  racePairs,
  round,
  viewExchanges,
} from './tcpdump-exchanges.js';

const RACE_FIX =
  'The parallel A and AAAA questions share one socket and one conntrack tuple; the second loses the insert race ' +
  '(`conntrack -S` insert_failed). Use `options single-request-reopen` (glibc) or `single-request`, NodeLocal DNSCache ' +
  '(its TCP upstream and local answers avoid the race), `--random-fully` on MASQUERADE, or a kernel with the clash ' +
  'resolution fixes (5.0+); musl clients cannot disable the parallel queries: use NodeLocal DNSCache.';

/**
 * `dns.aaaa-race`: an A and an AAAA question sent together from one socket where one is answered at once and the
 * other is retried or lost. `dns.query-retransmitted`: any other question sent again 0.4 s or more after the first
 * send and then answered (the resolver's timeout expired: a query or reply was lost); one never answered is
 * `dns.unreachable`'s. Traces without times draw nothing.
 */
export function analyzeDnsQueryRetransmitted(report: Report): Finding[] {
  const pairs: RacePair[] = [];
  const retried: ExchangeView[] = [];
  let questions = 0;
  for (const { value } of itemsOf(report, dnsTcpdumpParser)) {
    const views = viewExchanges(value);
    questions += views.length + value.omitted;
    const raced = racePairs(views);
    pairs.push(...raced);
    const inRace = new Set(raced.map((p) => p.lost));
    for (const v of views) if (v.retries.length > 0 && v.ex.answered && !inRace.has(v)) retried.push(v);
  }
  const findings: Finding[] = [];
  if (pairs.length > 0) {
    findings.push({
      id: 'dns.aaaa-race',
      severity: 'warning',
      title: `${pairs.length} A/AAAA pair${pairs.length === 1 ? '' : 's'} sent together from one socket lost one of the two: the parallel-query race`,
      evidence: pairs
        .slice(0, 4)
        .flatMap((p) => [`answered: ${describeExchange(p.answered)}`, `lost: ${describeExchange(p.lost)}`]),
      fix: RACE_FIX,
      docs: 'https://github.com/kubernetes/kubernetes/issues/56903',
    });
  }
  if (retried.length > 0) {
    const gaps = retried.flatMap((v) => v.retries);
    findings.push({
      id: 'dns.query-retransmitted',
      severity: 'warning',
      title: `${retried.length} of ${questions} DNS question${questions === 1 ? '' : 's'} in the trace had to be sent again (gaps ${[...new Set(gaps.map(round))].slice(0, 4).join(', ')} s): queries or replies are lost`,
      evidence: retried.slice(0, 6).map(describeExchange),
      fix:
        'A retry after 5 s (glibc) or 2.5 s (musl) is a lost UDP packet: check `conntrack -S` insert_failed and drops ' +
        'on the client node, the path to the DNS server (Service rules, CNI), and the server (CoreDNS errors, ' +
        'upstream timeouts). ' +
        RACE_FIX,
      docs: 'https://github.com/kubernetes/kubernetes/issues/56903',
    });
  }
  return findings;
}
