// Draws `dns.slow-lookups`: lookups consistently far slower than a healthy resolver answers, below the timeout stalls.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { corednsLogParser } from '../../parse/dns/coredns-log.js';
import { dnsTcpdumpParser } from '../../parse/dns/dns-tcpdump.js';
import { dnsTimingParser } from '../../parse/dns/dns-timing.js';
import { itemsOf } from '../../parse/items-of.js';
import { describeLookup, isUnreachable, lookupSeconds } from '../readings/lookup-duration.js';
import { isFractionStall, isWholeTimeout, timeoutPeriods } from './stall-periods.js';
import { describeExchange, viewExchanges } from './tcpdump-exchanges.js';

/** A lookup slower than this is far above normal (a cached answer takes milliseconds, a recursive one ~100 ms). */
const SLOW = 1;
const MIN_SAMPLES = 3;

interface Sample {
  seconds: number;
  text: string;
}

/**
 * `dns.slow-lookups`: at least 3 timed lookups (tools, tcpdump answers, CoreDNS query durations), at least 3 of them
 * slower than 1 s, and those at least half of all: slow as a pattern, not one unlucky lookup. Lookups explained by a
 * whole or partial resolver timeout are left to `dns.timeout-5s` and `dns.timeout-fraction`. Fewer, with one
 * lookup of 2 s or more: info.
 */
export function analyzeDnsSlowLookups(report: Report): Finding[] {
  const whole = timeoutPeriods(report);
  const sources: Sample[][] = [];
  for (const { value } of itemsOf(report, dnsTimingParser)) {
    const samples: Sample[] = [];
    for (const lookup of value.lookups) {
      if (isUnreachable(lookup) || lookup.timeouts > 0) continue;
      const web = lookup.tool === 'curl' || lookup.tool === 'wget';
      if (web && (lookup.seconds === undefined || !lookup.answered)) continue;
      const seconds = lookupSeconds(lookup);
      if (seconds === undefined) continue;
      samples.push({
        seconds,
        text: `${describeLookup(lookup)} took ${round(seconds)} s (${lookup.evidence.join('; ')})`,
      });
    }
    sources.push(samples);
  }
  for (const { value } of itemsOf(report, dnsTcpdumpParser)) {
    const samples: Sample[] = [];
    for (const v of viewExchanges(value)) {
      if (v.latency === undefined || v.retries.length > 0) continue;
      samples.push({ seconds: v.latency, text: `tcpdump: ${describeExchange(v)}` });
    }
    sources.push(samples);
  }
  for (const { value } of itemsOf(report, corednsLogParser)) {
    sources.push(value.durations.map((s) => ({ seconds: s, text: `CoreDNS log: a query answered in ${round(s)} s` })));
  }
  const all = sources.flat();
  const slow = all.filter(
    (s) => s.seconds >= SLOW && !isWholeTimeout(s.seconds, whole) && !isFractionStall(s.seconds, 2.5),
  );
  if (all.length < MIN_SAMPLES || slow.length < MIN_SAMPLES || slow.length * 2 < all.length) {
    const worst = slow.filter((s) => s.seconds >= 2).sort((a, b) => b.seconds - a.seconds)[0];
    if (!worst) return [];
    return [
      {
        id: 'dns.slow-lookups',
        severity: 'info',
        title: `A DNS lookup took ${round(worst.seconds)} s; ${slow.length} of ${all.length} timed lookups were slow: not yet a pattern`,
        evidence: [worst.text],
        fix: 'Repeat the lookup a few times (`for i in 1 2 3 4 5; do time getent hosts <name>; done`): slow every time is a finding, once is noise.',
        docs: 'https://kubernetes.io/docs/tasks/administer-cluster/dns-debugging-resolution/',
      },
    ];
  }
  const sorted = all.map((s) => s.seconds).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return [
    {
      id: 'dns.slow-lookups',
      severity: 'warning',
      title: `${slow.length} of ${all.length} DNS lookups took more than ${SLOW} s (median ${round(median)} s): resolution is consistently slow`,
      evidence: slow.slice(0, 6).map((s) => s.text),
      fix:
        'Time the same name against the cluster DNS and its upstream (`dig @<kube-dns IP> name`, `dig @<upstream> name`) ' +
        'to see which hop is slow; check CoreDNS CPU throttling and replica count, its cache plugin, and the upstream ' +
        'latency; with ndots:5, external names pay one round trip per search domain (use FQDNs with a trailing dot).',
      docs: 'https://kubernetes.io/docs/tasks/administer-cluster/dns-debugging-resolution/',
    },
  ];
}

function round(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}
