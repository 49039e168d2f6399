import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import { finding as find, findings } from '../findings-of.js';

function serious(text: string): string[] {
  return findings(text)
    .filter((f) => f.severity !== 'info')
    .map((f) => `${f.id}:${f.severity}`);
}

describe('kernel log findings', () => {
  // https://github.com/ringtail/snout/issues/8 (2018-04-25)
  it('conntrack.table-full: critical, with count, time span and suppressed messages', () => {
    const f = find(
      [
        '[Mon Apr 23 10:58:07 2018] net_ratelimit: 5988 callbacks suppressed',
        '[Mon Apr 23 10:58:07 2018] nf_conntrack: table full, dropping packet',
        '[Mon Apr 23 10:58:07 2018] nf_conntrack: table full, dropping packet',
        '[Mon Apr 23 10:58:12 2018] net_ratelimit: 6464 callbacks suppressed',
      ].join('\n'),
      'conntrack.table-full',
    )!;
    expect(f.severity).toBe('critical');
    expect(f.evidence[0]).toBe(
      'kernel log: "nf_conntrack: table full, dropping packet" 2 times at [Mon Apr 23 10:58:07 2018], plus 12452 more suppressed by the kernel\'s rate limit (callbacks suppressed): 12454 in total',
    );
    expect(f.fix).toMatch(/conntrack\.maxPerCore/);
  });

  // https://github.com/kubernetes/kubernetes/issues/18604 (2015-12-11)
  it('conntrack.table-full evidence gives first/last time and the span', () => {
    const f = find(
      '[1454500.910215] nf_conntrack: table full, dropping packet\n[1454509.461217] nf_conntrack: table full, dropping packet',
      'conntrack.table-full',
    )!;
    expect(f.evidence[0]).toContain('2 times between [1454500.910215] and [1454509.461217] (8.6 s)');
  });

  // https://github.com/gnuton/asuswrt-merlin.ng/issues/207 (2022-07-03) and
  // https://github.com/kubernetes/kubernetes/issues/71261 (2018-11-20, the prose line only).
  it('no table-full for the expectation table or a message named in prose', () => {
    // The expectation table has a finding of its own (conntrack.expect-table-full), not the main table's.
    expect(
      serious('Jul  3 10:07:53 kernel: nf_conntrack: expectation table full').filter((id) =>
        id.startsWith('conntrack.table-full'),
      ),
    ).toEqual([]);
    expect(serious('- dmesg -T show lots of `nf_conntrack: table full, dropping packet`')).toEqual([]);
  });

  // https://github.com/cloudnativelabs/kube-router/issues/272 (fixture a-dmesg-ipvs-no-destination-kube-router-272)
  it('ipvs.no-destination: warning when only NodePorts are named', () => {
    const f = find(
      '[ 2837.905694] IPVS: rr: TCP 10.0.62.39:30184 - no destination available\n[ 2846.286267] IPVS: rr: TCP 10.0.62.39:32739 - no destination available',
      'ipvs.no-destination',
    )!;
    expect(f.severity).toBe('warning');
    expect(f.evidence.join('\n')).toContain('TCP 10.0.62.39:30184 (1)');
  });

  // https://github.com/kubernetes/kubernetes/issues/95149 (2020-09-29)
  it('ipvs.no-destination: critical for a ClusterIP (cluster DNS)', () => {
    const f = find(
      'dmesg has lots of error: `[79049.987562] IPVS: rr: UDP 10.96.0.10:53 - no destination available`',
      'ipvs.no-destination',
    )!;
    expect(f.severity).toBe('critical');
    expect(f.fix).toContain('ipvsadm -Ln -t 10.96.0.10:53');
  });

  // https://github.com/rtr7/router7/issues/31 (2019-06-05)
  it('neighbour.table-overflow: critical, IPv4 thresholds for arp_cache', () => {
    const f = find(
      '[843041.359054] neighbour: arp_cache: neighbor table overflow!\n[843041.364702] neighbour: arp_cache: neighbor table overflow!',
      'neighbour.table-overflow',
    )!;
    expect(f.severity).toBe('critical');
    expect(f.fix).toContain('net.ipv4.neigh.default.gc_thresh3=65536');
    expect(f.fix).not.toContain('net.ipv6');
  });

  it('neighbour.table-overflow: IPv6 thresholds for ndisc_cache (synthetic)', () => {
    const f = find('[ 10.000000] neighbour: ndisc_cache: neighbor table overflow!', 'neighbour.table-overflow')!;
    expect(f.fix).toContain('net.ipv6.neigh.default.gc_thresh3');
  });

  it('firewall.invalid-drop for INVALID prefixes, firewall.logged-drops (info) for others (synthetic)', () => {
    const text = [
      '[ 100.000001] KUBE-INVALID-DROP: IN=eth0 OUT= MAC=00:11 SRC=10.0.0.9 DST=10.0.0.5 LEN=52 PROTO=TCP SPT=443 DPT=51234 ACK RST',
      '[ 100.000002] [UFW BLOCK] IN=eth0 OUT= MAC=00:11 SRC=10.0.0.7 DST=10.0.0.5 LEN=60 PROTO=TCP SPT=40000 DPT=22 SYN',
    ].join('\n');
    expect(serious(text)).toEqual(['firewall.invalid-drop:warning']);
    expect(find(text, 'firewall.logged-drops')!.evidence[0]).toContain('"[UFW BLOCK]" 1');
    const accepted =
      '[ 100.000003] [UFW AUDIT] IN=eth0 OUT= MAC=00:11 SRC=10.0.0.7 DST=10.0.0.5 LEN=60 PROTO=TCP SPT=1 DPT=2';
    expect(findings(accepted)).toEqual([]);
  });

  it('socket limits from the kernel log (synthetic)', () => {
    expect(serious('[ 5.000000] TCP: time wait bucket table overflow')).toEqual(['sockets.tw-bucket-overflow:warning']);
    expect(serious('[ 5.000000] TCP: out of memory -- consider tuning tcp_mem')).toEqual([
      'sockets.tcp-out-of-memory:critical',
    ]);
    expect(serious('[ 5.000000] TCP: too many orphaned sockets')).toEqual(['sockets.orphans-high:critical']);
  });

  it('healthy kernel messages give nothing (synthetic)', () => {
    const text = [
      '[    1.234567] nf_conntrack version 0.5.0 (65536 buckets, 262144 max)',
      '[    1.234600] nf_conntrack: falling back to vmalloc.',
      "[   20.000000] nf_conntrack: generic helper won't handle protocol 47. Please consider loading the specific helper module.",
      '[   21.000000] IPVS: Creating netns size=2048 id=1',
    ].join('\n');
    expect(diagnoseText(text).detected).toEqual(['kernel-log']);
    expect(findings(text)).toEqual([]);
  });
});
