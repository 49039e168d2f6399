// Draws `dns.unreachable`: lookups that got no reply at all.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { dnsTcpdumpParser } from '../../parse/dns/dns-tcpdump.js';
import { dnsTimingParser } from '../../parse/dns/dns-timing.js';
import { resolverStraceParser } from '../../parse/dns/resolver-strace.js';
import { itemsOf } from '../../parse/items-of.js';
import { describeLookup, isUnreachable } from '../readings/lookup-duration.js';
import { viewExchanges } from './tcpdump-exchanges.js';

const MAX_EVIDENCE = 6;

/** `dns.unreachable`: lookups that got no reply at all (`no servers could be reached`, timed out, refused). */
export function analyzeDnsUnreachable(report: Report): Finding[] {
  const evidence: string[] = [];
  const servers = new Set<string>();
  let failed = 0;
  let total = 0;
  let refused = 0;
  for (const { value } of itemsOf(report, dnsTimingParser)) {
    total += value.lookups.length + value.omitted;
    for (const lookup of value.lookups) {
      if (!isUnreachable(lookup)) continue;
      failed++;
      if (lookup.failure === 'refused') refused++;
      if (lookup.server) servers.add(lookup.server);
      if (evidence.length < MAX_EVIDENCE) evidence.push(`${describeLookup(lookup)}: ${lookup.evidence.join('; ')}`);
    }
  }
  for (const { value } of itemsOf(report, dnsTcpdumpParser)) {
    const silent = silentServers(value);
    for (const [server, n] of silent) {
      failed += n;
      total += n;
      servers.add(server);
      if (evidence.length < MAX_EVIDENCE)
        evidence.push(`tcpdump: ${n} question${n === 1 ? '' : 's'} to ${server} never answered in the trace`);
    }
    if (value.icmpUnreachable.count > 0) {
      failed += value.icmpUnreachable.count;
      refused += value.icmpUnreachable.count;
      for (const line of value.icmpUnreachable.examples) if (evidence.length < MAX_EVIDENCE) evidence.push(line);
    }
  }
  for (const { value } of itemsOf(report, resolverStraceParser)) {
    const expired = value.waits.filter((w) => w.timedOut);
    if (value.sends === 0 || value.replies > 0 || expired.length === 0) continue;
    failed++;
    total++;
    for (const server of value.servers) servers.add(server);
    if (evidence.length < MAX_EVIDENCE) {
      evidence.push(
        `strace: ${value.sends} quer${value.sends === 1 ? 'y' : 'ies'} sent to port 53, no reply read, ${expired.length} wait${expired.length === 1 ? '' : 's'} expired (${expired[0]!.line})`,
      );
    }
  }
  if (failed === 0) return [];
  if (failed > evidence.length) evidence.push(`... ${failed - evidence.length} more`);
  const target = servers.size > 0 ? ` (${[...servers].join(', ')})` : '';
  return [
    {
      id: 'dns.unreachable',
      severity: 'critical',
      title: `${failed} of ${total} DNS lookup${total === 1 ? '' : 's'} got no reply from the DNS server${target}`,
      evidence,
      fix:
        `Check the DNS Service and its endpoints (\`kubectl -n kube-system get svc,endpointslices -l k8s-app=kube-dns\`), ` +
        "this node's Service rules for the DNS ClusterIP (`iptables-save | grep -e KUBE-SVC -e kube-dns` or " +
        '`ipvsadm -Ln`), and pod-to-pod traffic to the CoreDNS pods from this node' +
        (refused > 0 ? '; "connection refused" means the packet reached a host with nothing listening on port 53' : ''),
      docs: 'https://kubernetes.io/docs/tasks/administer-cluster/dns-debugging-resolution/',
    },
  ];
}

/**
 * Unanswered questions per server: servers asked at least twice that answered none while the trace ran on, and
 * questions sent again and never answered.
 */
function silentServers(trace: Parameters<typeof viewExchanges>[0]): Map<string, number> {
  const asked = new Map<string, number>();
  const answering = new Set<string>();
  const retried = new Map<string, number>();
  for (const v of viewExchanges(trace)) {
    if (v.ex.answered) answering.add(v.ex.server);
    else if (v.unanswered) {
      asked.set(v.ex.server, (asked.get(v.ex.server) ?? 0) + 1);
      if (v.retries.length > 0) retried.set(v.ex.server, (retried.get(v.ex.server) ?? 0) + 1);
    }
  }
  for (const server of [...asked.keys()]) {
    if (answering.has(server) || asked.get(server)! < 2) asked.delete(server);
  }
  // A question retried and never answered is a lookup that got no reply, even from a server that answers others.
  for (const [server, n] of retried) if (!asked.has(server)) asked.set(server, n);
  return asked;
}
