// Draws `dns.timeout-fraction`: lookups stalled for a fraction of the 5 s timeout (musl's 2.5 s retry interval,
// `options timeout:`/`attempts:`), or resolver waits of such a length that expired.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { dnsTimingParser } from '../../parse/dns/dns-timing.js';
import { resolvConfParser } from '../../parse/dns/resolv-conf.js';
import { resolverStraceParser } from '../../parse/dns/resolver-strace.js';
import { itemsOf } from '../../parse/items-of.js';
import { describeLookup, isUnreachable, lookupSeconds } from '../readings/lookup-duration.js';
import { isFractionStall, isWholeTimeout, timeoutPeriods } from './stall-periods.js';

const MAX_EVIDENCE = 6;

/**
 * `dns.timeout-fraction`: lookups of about 2.5 s (musl retries every timeout/attempts = 5/2 s), or about
 * timeout/attempts of a resolv.conf in the same input, that are not whole timeouts (those are `dns.timeout-5s`);
 * strace waits of such a length that returned `Timeout`. One lookup alone needs a second clue (a resolv.conf with
 * `attempts:`, an expired wait in strace); two or more are a pattern.
 */
export function analyzeDnsTimeoutFraction(report: Report): Finding[] {
  const whole = timeoutPeriods(report);
  const fractions = new Set([2.5]);
  for (const { value } of itemsOf(report, resolvConfParser)) {
    const timeout = value.timeout ?? 5;
    if (value.attempts && value.attempts > 1 && timeout / value.attempts >= 1) fractions.add(timeout / value.attempts);
  }
  const evidence: string[] = [];
  let stalls = 0;
  let waits = 0;
  for (const { value } of itemsOf(report, resolverStraceParser)) {
    for (const w of value.waits) {
      if (!w.timedOut || w.timeoutMs < 500) continue;
      if (isWholeTimeout(w.timeoutMs / 1000, whole)) continue;
      waits++;
      if (evidence.length < MAX_EVIDENCE) {
        evidence.push(`strace: a ${round(w.timeoutMs / 1000)} s wait for the DNS reply expired: ${w.line}`);
      }
    }
  }
  for (const { value } of itemsOf(report, dnsTimingParser)) {
    for (const lookup of value.lookups) {
      if (isUnreachable(lookup) || ((lookup.tool === 'curl' || lookup.tool === 'wget') && !lookup.answered)) continue;
      if ((lookup.tool === 'curl' || lookup.tool === 'wget') && lookup.seconds === undefined) continue;
      const seconds = lookupSeconds(lookup);
      if (seconds === undefined || isWholeTimeout(seconds, whole)) continue;
      const period = [...fractions].find((p) => isFractionStall(seconds, p));
      if (period === undefined) continue;
      stalls++;
      if (evidence.length < MAX_EVIDENCE) {
        evidence.push(`${describeLookup(lookup)} took ${round(seconds)} s (${lookup.evidence.join('; ')})`);
      }
    }
  }
  const configured = fractions.size > 1;
  if (waits === 0 && (stalls === 0 || (stalls === 1 && !configured))) return [];
  const periods = [...fractions].map(round).join(' or ');
  return [
    {
      id: 'dns.timeout-fraction',
      severity: 'warning',
      title: `DNS lookups stall for ${periods} s, a fraction of the resolver timeout: queries or replies are lost and retried`,
      evidence,
      fix:
        'The stall is the retry interval of the resolver: musl (Alpine) retries every timeout/attempts (2.5 s by ' +
        "default), glibc's `options timeout:N attempts:M` shorten the wait. Find the lost packets as for the 5 s " +
        'stalls: `conntrack -S` insert_failed (the A/AAAA race on one socket), the path to the DNS server; NodeLocal ' +
        'DNSCache removes the race for musl clients, which cannot use `single-request-reopen`.',
      docs: 'https://github.com/kubernetes/kubernetes/issues/56903',
    },
  ];
}

function round(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}
