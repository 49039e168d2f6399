import { describe, expect, it } from 'vitest';
import { finding, ids } from '../findings-of.js';

describe('conntrack.hash-undersized', () => {
  // https://github.com/NixOS/nixpkgs/issues/12987 (comment by primeos, 2019-03-30): the kernel's own sizes, 4 per bucket.
  it('is quiet for the default ratio of entries per bucket', () => {
    const text = [
      '$ cat /proc/sys/net/netfilter/nf_conntrack_buckets',
      '65536',
      '$ cat /proc/sys/net/netfilter/nf_conntrack_max',
      '262144',
    ].join('\n');
    expect(finding(text, 'conntrack.hash-undersized')).toBeUndefined();
  });

  const sysctl = (count: number) =>
    [
      '$ sysctl -a | grep conntrack',
      'net.netfilter.nf_conntrack_buckets = 16384',
      `net.netfilter.nf_conntrack_count = ${count}`,
      'net.netfilter.nf_conntrack_max = 1048576',
    ].join('\n');

  it('warns when the limit was raised without the hash table and the table is half full', () => {
    const f = finding(sysctl(600000), 'conntrack.hash-undersized');
    expect(f?.severity).toBe('warning');
    expect(f?.evidence).toEqual([
      'nf_conntrack_max 1048576 / nf_conntrack_buckets 16384 = 64 entries per bucket at the limit (default 4 or less)',
      'nf_conntrack_count 600000 (57 % of max) = 36.6 entries per bucket now',
    ]);
    expect(f?.fix).toContain('echo 262144 > /sys/module/nf_conntrack/parameters/hashsize');
  });

  it('is info while the table is mostly empty', () => {
    expect(ids(sysctl(20000))).toContain('conntrack.hash-undersized:info');
  });
});

describe('conntrack.expect-table-full', () => {
  // The message of net/netfilter/nf_conntrack_expect.c (net_warn_ratelimited), as dmesg prints it.
  it('warns on the kernel message, with its prefix', () => {
    const f = finding('[ 5123.004311] nf_conntrack: expectation table full', 'conntrack.expect-table-full');
    expect(f?.severity).toBe('warning');
    expect(f?.fix).toContain('nf_conntrack_expect_max');
  });
});

describe('conntrack.syn-unanswered', () => {
  // Entry shapes from https://github.com/kubernetes/kubernetes/issues/101607 (comment by aojea, 2021-06-06): a stale
  // SYN_SENT entry DNATed to a gone backend, and an answered one; the counts are composed.
  const syn = (i: number) =>
    `tcp      6 119 SYN_SENT src=172.18.0.1 dst=10.10.10.10 sport=${40000 + i} dport=80 [UNREPLIED] src=10.244.2.3 dst=172.18.0.2 sport=80 dport=${40000 + i} mark=0 use=1`;
  const est = (i: number) =>
    `tcp      6 86399 ESTABLISHED src=172.18.0.1 dst=10.10.10.11 sport=${50000 + i} dport=80 src=10.244.2.4 dst=172.18.0.1 sport=80 dport=${50000 + i} [ASSURED] mark=0 use=1`;
  const listing = (s: number, e: number) =>
    [
      '$ conntrack -L',
      ...Array.from({ length: s }, (_, i) => syn(i)),
      ...Array.from({ length: e }, (_, i) => est(i)),
    ].join('\n');

  it('warns when a third of the TCP entries never got an answer', () => {
    const f = finding(listing(150, 200), 'conntrack.syn-unanswered');
    expect(f?.severity).toBe('warning');
    expect(f?.evidence[0]).toBe('150 of 350 TCP entries (43 %) are SYN_SENT: the first SYN got no answer');
  });

  it('is quiet for the few SYN_SENT entries of a working table', () => {
    expect(finding(listing(20, 1000), 'conntrack.syn-unanswered')).toBeUndefined();
    expect(finding(listing(60, 40), 'conntrack.syn-unanswered')).toBeUndefined();
  });
});
