// The DNS evidence findings (CoreDNS logs, tcpdump, strace, lookup patterns) through both renderers: id, title,
// evidence and fix show in the text output and in the finding's Block Kit section.
import { readFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import { expectRenderedEverywhere } from './rendered-everywhere.js';

const fixture = (slug: string) =>
  readFileSync(new URL(`../../fixtures/real/${slug}/input.txt`, import.meta.url), 'utf8');

// Constructed (as in test/unit/analyze/dns/dns-evidence-findings.test.ts): the race's and the stalls' line shapes.
const race = [
  '10:00:00.000100 IP 10.244.1.3.48199 > 10.96.0.10.53: 60169+ A? www.google.com. (32)',
  '10:00:00.000160 IP 10.244.1.3.48199 > 10.96.0.10.53: 60459+ AAAA? www.google.com. (32)',
  '10:00:00.020900 IP 10.96.0.10.53 > 10.244.1.3.48199: 60169 6/0/0 A 172.217.218.104 (128)',
  '10:00:05.000300 IP 10.244.1.3.48199 > 10.96.0.10.53: 60459+ AAAA? www.google.com. (32)',
  '10:00:05.012000 IP 10.96.0.10.53 > 10.244.1.3.48199: 60459 1/0/0 AAAA 2a00:1450:4001:82a::2004 (60)',
].join('\n');
const layout = (seconds: string[]) =>
  seconds.map((s) => `DNS-Lookup [${s}] Time-Connect [${s}] Time-StartTransfer [3.035] Total-Time [3.035]`).join('\n');

const inputs: Record<string, string> = {
  'coredns.loop-detected': fixture('dns-coredns-loop-127-detected-iso-timestamps'),
  'coredns.upstream-failed': fixture('dns-coredns-upstream-timeout-azure-wireserver'),
  'coredns.api-unreachable': fixture('dns-coredns-klog-failed-list-service-cidr'),
  'coredns.start-failed': fixture('dns-coredns-corefile-unknown-directive-dot'),
  'coredns.servfail': fixture('dns-coredns-servfail-storm-aggregated-pods'),
  'dns.unreachable': fixture('dns-strace-two-nameservers-never-answer'),
  'dns.aaaa-race': race,
  'dns.query-retransmitted': race
    .split('\n')
    .filter((l) => !/ A\? | 60169 /.test(l))
    .join('\n'),
  'dns.timeout-fraction': layout(['2.512', '2.506']),
  'dns.slow-lookups': layout(['1.384', '1.582', '1.190']),
};

describe('DNS evidence findings in the text and Block Kit renderers', () => {
  for (const [id, text] of Object.entries(inputs)) {
    it(id, () => expectRenderedEverywhere(id, text, 60));
  }
});
