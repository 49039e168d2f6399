// Draws `dns.timeout-5s`: lookups that took about one or more resolver timeouts (a lost query or reply, retried).
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { dnsTimingParser } from '../../parse/dns/dns-timing.js';
import { resolvConfParser } from '../../parse/dns/resolv-conf.js';
import { resolverStraceParser } from '../../parse/dns/resolver-strace.js';
import { itemsOf } from '../../parse/items-of.js';
import { describeLookup, isTimeoutMultiple, isUnreachable, lookupSeconds } from '../readings/lookup-duration.js';

const MAX_EVIDENCE = 6;

/**
 * `dns.timeout-5s`: lookups that took about one or more resolver timeouts (5 s by default, or the `timeout:N` of a
 * resolv.conf in the same input), or that were answered only after an attempt timed out: a query or reply was lost
 * and retried; strace waits (poll/select) of a whole timeout that expired. Lookups that never got an answer belong
 * to `dns.unreachable`.
 */
export function analyzeDnsTimeout5s(report: Report): Finding[] {
  const periods = new Set([5]);
  for (const { value } of itemsOf(report, resolvConfParser))
    if (value.timeout && value.timeout > 0) periods.add(value.timeout);
  const evidence: string[] = [];
  let slow = 0;
  let total = 0;
  for (const { value } of itemsOf(report, dnsTimingParser)) {
    total += value.lookups.length + value.omitted;
    for (const lookup of value.lookups) {
      if (isUnreachable(lookup)) continue;
      const seconds = lookupSeconds(lookup);
      const multiple = seconds !== undefined && [...periods].some((p) => isTimeoutMultiple(seconds, p));
      const retried = lookup.answered && lookup.timeouts > 0;
      if (!multiple && !retried) continue;
      slow++;
      if (evidence.length >= MAX_EVIDENCE) continue;
      const took = multiple ? `took ${round(seconds!)} s` : 'answered';
      const after =
        lookup.timeouts > 0 ? ` after ${lookup.timeouts} timed-out attempt${lookup.timeouts === 1 ? '' : 's'}` : '';
      evidence.push(`${describeLookup(lookup)} ${took}${after} (${lookup.evidence.join('; ')})`);
    }
  }
  for (const { value } of itemsOf(report, resolverStraceParser)) {
    // No reply at all is `dns.unreachable`'s: nothing was lost and retried, the servers never answered.
    if (value.replies === 0) continue;
    for (const w of value.waits) {
      if (!w.timedOut || ![...periods].some((p) => isTimeoutMultiple(w.timeoutMs / 1000, p))) continue;
      slow++;
      if (evidence.length < MAX_EVIDENCE) {
        evidence.push(
          `strace: the resolver waited ${round(w.timeoutMs / 1000)} s for a reply and none came: ${w.line}`,
        );
      }
    }
  }
  if (slow === 0) return [];
  if (slow > evidence.length) evidence.push(`... ${slow - evidence.length} more`);
  const period = [...periods].sort((a, b) => b - a).join(' or ');
  return [
    {
      id: 'dns.timeout-5s',
      severity: 'warning',
      title: `${slow} of ${total} DNS lookup${total === 1 ? '' : 's'} waited for the ${period} s resolver timeout: a UDP query or reply was lost and retried`,
      evidence,
      fix:
        'Add `spec.dnsConfig: {options: [{name: single-request-reopen}]}` (glibc; musl/alpine ignores it), deploy ' +
        'NodeLocal DNSCache, make sure kube-proxy/CNI MASQUERADE uses `--random-fully`, and check ' +
        '`conntrack -S` insert_failed on the node (the conntrack race on parallel A/AAAA queries).',
      docs: 'https://github.com/kubernetes/kubernetes/issues/56903',
    },
  ];
}

function round(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}
