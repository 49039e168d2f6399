// Draws `coredns.upstream-failed`: CoreDNS forwarded queries and its upstream did not answer.
import type { Finding, Severity } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { corednsLogParser, type UpstreamError } from '../../parse/dns/coredns-log.js';
import { itemsOf } from '../../parse/items-of.js';

const NETWORK = new Set(['timeout', 'refused', 'unreachable', 'no-upstream']);

/**
 * `coredns.upstream-failed`: `plugin/errors` lines where the upstream timed out, refused or was unreachable.
 * A client query: warning (critical from 20, or from 2 when every one was refused/unreachable). Only the loop
 * plugin's HINFO probe: info (some upstreams ignore HINFO).
 */
export function analyzeCorednsUpstream(report: Report): Finding[] {
  const failed: UpstreamError[] = [];
  let counted = 0;
  for (const { value } of itemsOf(report, corednsLogParser)) {
    for (const e of value.upstreamErrors) if (NETWORK.has(e.reason)) failed.push(e);
    counted += value.omitted;
  }
  if (failed.length === 0) return [];
  const queries = failed.filter((e) => !e.probe);
  const total = queries.length + counted;
  const upstreams = [...new Set(failed.map((e) => e.upstream).filter((u): u is string => !!u))];
  const names = [...new Set(queries.map((e) => e.name))];
  const reasons = [...new Set(failed.map((e) => e.reason))];
  const hard = queries.length > 0 && queries.every((e) => e.reason === 'refused' || e.reason === 'unreachable');
  const severity: Severity = total >= 20 || (hard && total >= 2) ? 'critical' : total >= 1 ? 'warning' : 'info';
  const evidence = [...queries, ...failed.filter((e) => e.probe)].slice(0, 5).map((e) => e.line);
  evidence.push(
    `${total} client quer${total === 1 ? 'y' : 'ies'} failed upstream (${reasons.join(', ')})` +
      (names.length > 0 ? ` for ${names.length} name${names.length === 1 ? '' : 's'}` : '') +
      (upstreams.length > 0 ? `; upstream ${upstreams.join(', ')}` : ''),
  );
  if (queries.length === 0) {
    evidence.push(
      "only the loop plugin's HINFO start-up probe went unanswered: some upstreams ignore HINFO; real queries may still work",
    );
  }
  const local = upstreams.some((u) => /^(?:169\.254\.|127\.)/.test(u));
  return [
    {
      id: 'coredns.upstream-failed',
      severity,
      title:
        queries.length === 0
          ? "CoreDNS's upstream did not answer the loop plugin's HINFO probe"
          : `CoreDNS got no answer from its upstream for ${total} quer${total === 1 ? 'y' : 'ies'}: clients wait and get SERVFAIL`,
      evidence,
      fix:
        `Query the upstream from the CoreDNS pod's network and from the node (\`dig @${upstreams[0]?.replace(/:53$/, '') ?? '<upstream>'} example.com\`): ` +
        'a firewall or security group dropping UDP 53 from pod IPs, a missing SNAT/MASQUERADE for pod traffic, or an upstream ' +
        'rate limit (cloud resolvers cap queries per second per interface) are the usual causes; point `forward` at ' +
        'resolvers reachable from pods' +
        (local ? '; a link-local/loopback upstream means NodeLocal DNSCache or a host stub: check that it runs' : '') +
        '. Names with no dot forwarded upstream (pod hostnames) are a client bug: qualify them or answer them locally.',
      docs: 'https://coredns.io/plugins/forward/',
    },
  ];
}
