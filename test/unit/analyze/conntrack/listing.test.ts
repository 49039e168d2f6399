import { describe, expect, it } from 'vitest';
import { analyzeChurn } from '../../../../src/analyze/conntrack/churn.js';
import { analyzeStaleUdp } from '../../../../src/analyze/conntrack/stale-udp.js';
import { analyzeTimeoutsLong } from '../../../../src/analyze/conntrack/timeouts-long.js';
import { analyzeTunnelTracked } from '../../../../src/analyze/conntrack/tunnel-tracked.js';
import { diagnoseText } from '../../../../src/diagnose.js';
import { collectorReport, fixture, ids } from './report-text.js';

const report = (text: string) => diagnoseText(text).report;

const breakdown = (body: string[], max?: number) =>
  collectorReport([
    ...(max ? [{ name: 'conntrack-count', kind: 'conntrack-count', body: [`nf_conntrack_max=${max}`] }] : []),
    { name: 'conntrack-breakdown', kind: 'conntrack-breakdown', body },
  ]);

const dnsEntry = (sport: number, backend: string, unreplied: boolean, dport = 53) =>
  `udp      17 29 src=10.244.1.5 dst=10.96.0.10 sport=${sport} dport=${dport} ${unreplied ? '[UNREPLIED] ' : ''}src=${backend} dst=10.244.1.5 sport=${dport} dport=${sport} mark=0 use=1`;

describe('conntrack.timeouts-long', () => {
  // https://github.com/vishvananda/netlink/issues/876 (2023-06-07): ESTABLISHED entries with 431981 s left.
  it('warns for entries with days left in a listing', async () => {
    const findings = analyzeTimeoutsLong(report(await fixture('a-conntrack-l-established-5day-timeouts-netlink-876')));
    expect(ids(findings)).toEqual(['conntrack.timeouts-long:warning']);
    expect(findings[0]!.evidence[0]).toBe(
      '2 of 3 entries (2 ESTABLISHED) have more than a day left; the longest 431981 s (5.0 days)',
    );
  });

  // https://github.com/kubernetes/kubernetes/issues/91216 (2020-08-10): TIME_WAIT entries with seconds left.
  it('stays quiet for short remaining timeouts', async () => {
    expect(analyzeTimeoutsLong(report(await fixture('a-conntrack-l-dns-tcp-timewait-k8s-91216')))).toEqual([]);
  });

  // https://github.com/Chion82/netfilter-full-cone-nat/issues/7 (2018-04-27): 600, with 43200 only in a comment.
  it('reads the sysctl: warns from 432000, not for 600 or 86400', async () => {
    expect(analyzeTimeoutsLong(report(await fixture('a-sysctl-timeouts-fullwidth-comment-fullconenat-7')))).toEqual([]);
    const text = (v: number) =>
      `$ sysctl -a | grep established\nnet.netfilter.nf_conntrack_tcp_timeout_established = ${v}`;
    expect(ids(analyzeTimeoutsLong(report(text(432000))))).toEqual(['conntrack.timeouts-long:warning']);
    expect(analyzeTimeoutsLong(report(text(86400)))).toEqual([]);
    const legacy = 'net.ipv4.netfilter.ip_conntrack_tcp_timeout_established = 432000';
    expect(ids(analyzeTimeoutsLong(report(legacy)))).toEqual(['conntrack.timeouts-long:warning']);
  });

  it('is info from the setting alone when the table is known to be nearly empty', () => {
    const text = collectorReport([
      { name: 'conntrack-count', kind: 'conntrack-count', body: ['nf_conntrack_count=0', 'nf_conntrack_max=262144'] },
      {
        name: 'conntrack-sysctl',
        kind: 'sysctl',
        body: ['net.netfilter.nf_conntrack_tcp_timeout_established = 432000'],
      },
    ]);
    expect(ids(analyzeTimeoutsLong(report(text)))).toEqual(['conntrack.timeouts-long:info']);
  });

  it('reads the collector breakdown (long-timeout counts entries with more than a day left)', () => {
    const findings = analyzeTimeoutsLong(report(breakdown(['total 100', 'long-timeout 7', 'max-timeout 432000'])));
    expect(findings[0]!.evidence[0]).toMatch(/^7 of 100 entries have more than a day left/);
    expect(analyzeTimeoutsLong(report(breakdown(['total 100', 'long-timeout 0', 'max-timeout 86399'])))).toEqual([]);
  });
});

describe('conntrack.stale-udp', () => {
  it('warns when every DNS entry to one backend is unanswered, naming the clusterIP in the fix', () => {
    const text = ['$ conntrack -L -p udp', ...[1, 2, 3, 4].map((i) => dnsEntry(40000 + i, '10.244.3.7', true))].join(
      '\n',
    );
    const [finding] = analyzeStaleUdp(report(text));
    expect(finding!.severity).toBe('warning');
    expect(finding!.evidence[0]).toBe(
      '4 of 4 entries for 10.96.0.10:53 DNATed to 10.244.3.7:53 are UDP [UNREPLIED]: that backend never answers',
    );
    expect(finding!.fix).toMatch(/conntrack -D -p udp --orig-dst 10\.96\.0\.10/);
  });

  it('stays quiet for a backend that answers most queries, and for one-way UDP such as statsd', () => {
    const answered = [dnsEntry(1, '10.244.3.7', true), ...[2, 3, 4, 5, 6].map((i) => dnsEntry(i, '10.244.3.7', false))];
    expect(analyzeStaleUdp(report(['$ conntrack -L', ...answered].join('\n')))).toEqual([]);
    const statsd = [1, 2, 3, 4, 5].map((i) => dnsEntry(i, '10.244.3.8', true, 8125));
    expect(analyzeStaleUdp(report(['$ conntrack -L', ...statsd].join('\n')))).toEqual([]);
  });

  // https://github.com/kubernetes/kubernetes/issues/91236 (2020-09-09): a single non-DNATed entry proves nothing.
  it('does not fire on one unreplied NodePort entry without DNAT', async () => {
    expect(analyzeStaleUdp(report(await fixture('a-conntrack-l-udp-unreplied-nodeport-k8s-91236')))).toEqual([]);
  });

  it('warns when the same unanswered pair is in two listings (before and after)', () => {
    const text = [
      '$ conntrack -L -p udp',
      dnsEntry(21667, '10.103.78.37', true),
      '$ conntrack -L -p udp',
      dnsEntry(21667, '10.103.78.37', true),
    ].join('\n');
    const [finding] = analyzeStaleUdp(report(text));
    expect(finding!.evidence.join(' ')).toMatch(/in both listings/);
  });
});

describe('conntrack.tunnel-tracked', () => {
  // https://github.com/confidential-containers/cloud-api-adaptor/issues/2015 (2024-08-22): four entries only.
  it('does not call four entries many', async () => {
    expect(
      analyzeTunnelTracked(report(await fixture('a-conntrack-l-vxlan-4789-unreplied-cloud-api-adaptor-2015'))),
    ).toEqual([]);
  });

  it('warns for thousands of tunnel entries and notes a few dozen as info', () => {
    const many = analyzeTunnelTracked(report(breakdown(['total 48213', 'udp-unreplied-dport 8472 8000'])));
    expect(ids(many)).toEqual(['conntrack.tunnel-tracked:warning']);
    expect(many[0]!.fix).toMatch(/--dport 8472 -j NOTRACK/);
    expect(ids(analyzeTunnelTracked(report(breakdown(['total 5000', 'udp-unreplied-dport 4789 30']))))).toEqual([
      'conntrack.tunnel-tracked:info',
    ]);
    expect(analyzeTunnelTracked(report(breakdown(['total 5000', 'udp-unreplied-dport 53 3000'])))).toEqual([]);
  });
});

describe('conntrack.churn', () => {
  it('is info when TIME_WAIT dominates, a warning when it also fills a quarter of the max', () => {
    const body = ['total 30110', 'proto tcp 30110', 'state ESTABLISHED 11020', 'state TIME_WAIT 17500'];
    expect(ids(analyzeChurn(report(breakdown(body))))).toEqual(['conntrack.churn:info']);
    expect(ids(analyzeChurn(report(breakdown(body, 65536))))).toEqual(['conntrack.churn:warning']);
  });

  // https://github.com/kubernetes/kubernetes/issues/91216 (2020-08-10): five TIME_WAIT entries are too few.
  it('needs enough TCP entries and a TIME_WAIT majority', async () => {
    expect(analyzeChurn(report(await fixture('a-conntrack-l-dns-tcp-timewait-k8s-91216')))).toEqual([]);
    const body = ['total 30000', 'proto tcp 30000', 'state ESTABLISHED 20000', 'state TIME_WAIT 10000'];
    expect(analyzeChurn(report(breakdown(body)))).toEqual([]);
  });
});
