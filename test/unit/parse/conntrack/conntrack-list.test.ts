import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import {
  type ConntrackBreakdown,
  conntrackListParser,
  createConntrackBreakdown,
} from '../../../../src/parse/conntrack/conntrack-list.js';

const fixture = (slug: string) =>
  readFileSync(new URL(`../../../fixtures/real/${slug}/input.txt`, import.meta.url), 'utf8');

function listOf(text: string): ConntrackBreakdown {
  const item = diagnoseText(text).report.items.find((i) => i.kind === 'conntrack-list');
  return item!.value as ConntrackBreakdown;
}

function scan(lines: string[]): ConntrackBreakdown {
  const b = createConntrackBreakdown();
  for (const line of lines) b.push(line);
  return b.result();
}

describe('conntrack-list parser', () => {
  // https://github.com/kubernetes/kubernetes/issues/91216 (2020-08-10): TIME_WAIT DNS over TCP, cut at both ends.
  it('counts states and DNAT pairs and skips lines cut at either end', () => {
    const b = listOf(fixture('a-conntrack-l-dns-tcp-timewait-k8s-91216'));
    expect(b.total).toBe(5);
    expect(b.byState).toEqual({ TIME_WAIT: 5 });
    expect(b.assured).toBe(5);
    expect(b.dnat).toEqual([
      { key: '10.0.0.10:53>10.64.1.6:53', count: 3 },
      { key: '10.0.0.10:53>10.64.2.4:53', count: 1 },
    ]);
    expect(b.dnatEntries).toBe(4);
  });

  // https://github.com/vishvananda/netlink/issues/876 (2023-06-07): kernel-default 5-day established timeouts.
  it('counts entries with more than a day left', () => {
    const b = listOf(fixture('a-conntrack-l-established-5day-timeouts-netlink-876'));
    expect([b.total, b.longTimeout, b.maxTimeout]).toEqual([3, 2, 431981]);
    expect(b.byState).toEqual({ ESTABLISHED: 2, CLOSE_WAIT: 1 });
  });

  // https://github.com/kubernetes/kubernetes/issues/129617 (2025-01-14): accounting fields and delta-time.
  it('is not confused by packets=/bytes= in both tuples', () => {
    const b = listOf(fixture('a-conntrack-l-udp53-accounting-delta-time-k8s-129617'));
    expect([b.total, b.unreplied, b.udpUnreplied, b.dnatEntries]).toEqual([3, 0, 0, 0]);
  });

  // https://github.com/confidential-containers/cloud-api-adaptor/issues/2015 (2024-08-22): VXLAN, trailer first.
  it('counts UDP [UNREPLIED] destination ports and reads the trailer (last entry cut in its reply tuple)', () => {
    const b = listOf(fixture('a-conntrack-l-vxlan-4789-unreplied-cloud-api-adaptor-2015'));
    expect(b.shown).toBe(50);
    expect(b.udpUnrepliedDport).toEqual([{ key: '4789', count: 4 }]);
    expect(b.udpUnreplied).toBe(4);
    expect(b.byProto).toEqual({ udp: 4 });
  });

  // https://github.com/kubernetes/kubernetes/issues/91236 (2020-09-09): one unreplied UDP entry, SNAT only.
  it('does not take an SNAT-only entry for DNAT', () => {
    const b = listOf(fixture('a-conntrack-l-udp-unreplied-nodeport-k8s-91236'));
    expect(b.udpUnreplied).toBe(1);
    expect(b.dnat).toEqual([]);
  });

  it('reads /proc/net/nf_conntrack and -o extended lines, IPv6, ICMP and unknown states (synthetic)', () => {
    const b = scan([
      'ipv4     2 tcp      6 299 ESTABLISHED src=192.168.168.1 dst=192.168.168.11 sport=53635 dport=22 src=192.168.168.11 dst=192.168.168.1 sport=22 dport=53635 [ASSURED] mark=0 secmark=0 use=3',
      'ipv4     2 udp      17 28 src=10.244.1.4 dst=10.96.0.10 sport=40000 dport=53 [UNREPLIED] src=10.244.3.9 dst=10.244.1.4 sport=53 dport=40000 mark=0 zone=0 use=2',
      'ipv6     10 udp      17 25 src=fd00::5 dst=fd00:96::a sport=5353 dport=53 [UNREPLIED] src=fd00:244::7 dst=fd00::5 sport=53 dport=5353 mark=0 use=1',
      'icmp     1 29 src=10.0.0.1 dst=10.0.0.2 type=8 code=0 id=77 src=10.0.0.2 dst=10.0.0.1 type=0 code=0 id=77 mark=0 use=1',
      'sctp     132 3 COOKIE_WAIT src=10.0.0.1 dst=10.0.0.2 sport=1 dport=2 [UNREPLIED] src=10.0.0.2 dst=10.0.0.1 sport=2 dport=1 mark=0 use=1',
      'tcp      6 10 SYN_SENT2 src=1.1.1.1 dst=2.2.2.2 sport=1 dport=2 src=2.2.2.2 dst=1.1.1.1 sport=2 dport=1 mark=0 use=1',
      'tcp      6 10 FUNNY src=1.1.1.1 dst=2.2.2.2 sport=1 dport=2 src=2.2.2.2 dst=1.1.1.1 sport=2 dport=1 mark=0 use=1',
    ]);
    expect(b.total).toBe(7);
    expect(b.byProto).toEqual({ tcp: 3, udp: 2, icmp: 1, sctp: 1 });
    expect(b.byState).toEqual({ ESTABLISHED: 1, SYN_SENT2: 1, FUNNY: 1 });
    expect(b.unreplied).toBe(3);
    expect(b.udpUnrepliedDport).toEqual([{ key: '53', count: 2 }]);
    expect(b.udpUnrepliedDnat.map((e) => e.key).sort()).toEqual([
      '10.96.0.10:53>10.244.3.9:53',
      '[fd00:96::a]:53>[fd00:244::7]:53',
    ]);
  });

  it('stays exact for few pairs and bounded for a million distinct ones (synthetic)', () => {
    const b = createConntrackBreakdown();
    for (let i = 0; i < 200000; i++) {
      const svc = i % 7 === 0 ? '10.96.0.10' : `10.96.${(i >> 8) & 255}.${i & 255}`;
      const backend = i % 7 === 0 ? '10.244.0.2' : `10.244.${(i * 7) & 255}.${(i * 13) & 255}`;
      b.push(
        `udp      17 30 src=10.244.9.9 dst=${svc} sport=${1024 + (i % 60000)} dport=53 src=${backend} dst=10.244.9.9 sport=53 dport=${1024 + (i % 60000)} mark=0 use=1`,
      );
    }
    const r = b.result();
    expect(r.total).toBe(200000);
    expect(r.approximate).toBe(true);
    expect(r.dnat[0]).toEqual({ key: '10.96.0.10:53>10.244.0.2:53', count: expect.any(Number) });
    // Estimated from every 4th pair once past the exact phase: within 2 % of the true 28572.
    expect(Math.abs(r.dnat[0]!.count - Math.ceil(200000 / 7))).toBeLessThan(600);
    expect(r.dnat.length).toBeLessThanOrEqual(20);
  });

  it('classifies entries, the trailer and lines cut at the start; not ss/netstat or event lines', () => {
    const c = conntrackListParser.classify;
    expect(c('tcp      6 431999 ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=1 dport=2 src=10.0.0.2 dst=10.0.0.1')).toBe(
      2,
    );
    expect(c('ipv4     2 udp      17 28 src=1.1.1.1 dst=2.2.2.2 sport=1 dport=2 src=2.2.2.2 dst=1.1.1.1')).toBe(2);
    expect(c('conntrack v1.4.6 (conntrack-tools): 1959 flow entries have been shown.')).toBe(2);
    expect(c('6 46 TIME_WAIT src=10.64.4.48 dst=10.0.0.10 sport=59817 dport=53 src=10.64.2.4')).toBe(1);
    expect(c('tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN')).toBe(0);
    expect(c('[NEW] tcp      6 120 SYN_SENT src=ip1 dst=ip2 sport=43664 dport=443 [UNREPLIED] src=ip2 dst=ip1')).toBe(
      0,
    );
    expect(conntrackListParser.command.test('conntrack -L -o extended')).toBe(true);
    expect(conntrackListParser.command.test('cat /proc/net/nf_conntrack')).toBe(true);
    expect(conntrackListParser.command.test('conntrack -S')).toBe(false);
  });
});
