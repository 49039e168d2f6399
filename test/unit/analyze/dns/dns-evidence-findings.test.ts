import { describe, expect, it } from 'vitest';
import { finding, ids } from '../findings-of.js';

describe('coredns.* findings', () => {
  // https://github.com/coredns/coredns/pull/2400 (2018-12-16): a self-induced loop.
  it('coredns.loop-detected is critical and names a loopback forward target', () => {
    const f = finding(
      '2018-12-16T10:11:03.696Z [FATAL] plugin/loop: Loop (127.0.0.1:51384 -> :1053) detected for zone ".", see https://coredns.io/plugins/loop#troubleshooting. Query: "HINFO 2781022615773629442.4133547885299871809."',
      'coredns.loop-detected',
    );
    expect(f?.severity).toBe('critical');
    expect(f?.evidence.join('\n')).toContain('loopback');
  });

  // https://github.com/coredns/coredns/issues/5352 (2022-04-27) and https://github.com/kubernetes/kubernetes/issues/91518
  // (2020-05-28).
  it('coredns.upstream-failed: info for the HINFO probe alone, a warning for client queries', () => {
    const probe =
      '[ERROR] plugin/errors: 2 774537368764142801.2119769806070251504. HINFO: read udp X.X.X.X:45662->Y.Y.Y.Y:53: i/o timeout';
    expect(ids(probe)).toEqual(['coredns.upstream-failed:info']);
    const clients = [
      '[ERROR] plugin/errors: 2 accountant-server-http-provider-6b8756994f-zzf49. A: read udp 172.30.57.16:53039->119.29.29.29:53: i/o timeout',
      '[ERROR] plugin/errors: 2 finance-server-dubbo-provider-c87459f9f-2fdlj. A: read udp 172.30.57.16:45224->119.29.29.29:53: i/o timeout',
    ].join('\n');
    const f = finding(clients, 'coredns.upstream-failed');
    expect(f?.severity).toBe('warning');
    expect(f?.evidence.at(-1)).toContain('upstream 119.29.29.29:53');
  });

  // https://github.com/coredns/coredns/issues/4774 (2021-08-01): one unsynced warning is start-up noise; repeated
  // waits are not.
  it('coredns.api-unreachable: nothing for one unsynced start, a warning for repeated waits', () => {
    const unsynced = [
      '[WARNING] plugin/kubernetes: starting server with unsynced Kubernetes API',
      '.:53',
      '[INFO] plugin/reload: Running configuration MD5 = 528a67c20a203cc830e48e3dbcd28c8d',
      'CoreDNS-1.8.4',
    ];
    expect(ids(unsynced.join('\n'))).toEqual([]);
    const waiting = [...unsynced, ...Array(4).fill('[INFO] plugin/ready: Still waiting on: "kubernetes"')];
    expect(ids(waiting.join('\n'))).toEqual(['coredns.api-unreachable:warning']);
  });

  // https://github.com/coredns/coredns/issues/3775 (2020-03-25) and https://github.com/coredns/coredns/issues/4513
  // (2021-03-11): SERVFAIL counts, NXDOMAIN never does.
  it('coredns.servfail warns on SERVFAIL answers and ignores NXDOMAIN search expansions', () => {
    const nx = [
      '2021-03-11T07:04:01.580Z [INFO] 172.27.172.128:34346 - 5318 "A IN rwc.default.svc.cluster.local. tcp 50 false 65535" NXDOMAIN qr,aa,rd 143 0.000222887s',
      '2021-03-11T07:04:01.580Z [INFO] 172.27.172.128:34346 - 39725 "AAAA IN rwc.default.svc.cluster.local. tcp 50 false 65535" NXDOMAIN qr,aa,rd 143 0.000112642s',
    ];
    expect(ids(nx.join('\n'))).toEqual([]);
    const servfail = [
      ...nx,
      '2020-03-25T16:36:53.164Z [INFO] 10.42.192.21:51916 - 60408 "A IN EXTERNALURL. udp 32 false 512" SERVFAIL qr,rd 32 0.001564637s',
      '2020-03-25T16:36:53.166Z [INFO] 10.42.192.21:35509 - 60408 "A IN EXTERNALURL. udp 32 false 512" SERVFAIL qr,rd 32 0.001460942s',
    ];
    expect(ids(servfail.join('\n'))).toEqual(['coredns.servfail:warning']);
    expect(ids(servfail.slice(0, 3).join('\n'))).toEqual(['coredns.servfail:info']);
  });

  // https://github.com/missdeer/corednshome/issues/8 (2020-07-12).
  it('coredns.start-failed is critical on a Corefile parse error', () => {
    expect(
      ids(
        "plugin/forward: ...\\AppData\\Local\\minidump.info\\CoreDNS-Home\\Corefile:14 - Error during parsing: Wrong argument count or unexpected line ending after '.'",
      ),
    ).toEqual(['coredns.start-failed:critical']);
  });
});

describe('dns.query-retransmitted, dns.unreachable and dns.aaaa-race from tcpdump', () => {
  // https://github.com/kubernetes/kubernetes/issues/14533 (2015-09-28): every question answered within milliseconds.
  it('stays quiet on an answered trace', () => {
    const trace = [
      '01:25:04.153189 IP 10.0.2.15.44840 > 10.0.2.3.domain: 3+ PTR? 10.0.100.10.in-addr.arpa. (42)',
      '01:25:04.156049 IP 10.0.2.3.domain > 10.0.2.15.44840: 3 NXDomain*- 0/0/0 (42)',
      '01:25:04.156391 IP 10.0.2.15.39959 > 10.0.2.3.domain: 4+ PTR? 10.0.100.10.in-addr.arpa.development.svc.cluster.local. (72)',
      '01:25:04.159269 IP 10.0.2.3.domain > 10.0.2.15.39959: 4 NXDomain*- 0/0/0 (72)',
    ];
    expect(ids(trace.join('\n'))).toEqual([]);
  });

  // The question of https://github.com/kubernetes/kubernetes/issues/56903 (comment by ani82, 2018-01-09), retried
  // every 5 s; here followed by more of the capture so that the trace runs on past the last retry. Constructed: the
  // thread's excerpt ends at the retry.
  it('a question retried and never answered while the trace runs on is dns.unreachable', () => {
    const trace = [
      '15:38:10.423547 IP busybox.46239 > kube-dns.kube-system.svc.cluster.local.domain: 51779+ A? google.com.default.svc.cluster.local. (54)',
      '15:38:15.423611 IP busybox.46239 > kube-dns.kube-system.svc.cluster.local.domain: 51779+ A? google.com.default.svc.cluster.local. (54)',
      '15:38:20.423809 IP busybox.46239 > kube-dns.kube-system.svc.cluster.local.domain: 51779+ A? google.com.default.svc.cluster.local. (54)',
      '15:38:24.424120 IP busybox.46757 > kube-dns.kube-system.svc.cluster.local.domain: 41018+ PTR? 10.240.39.10.in-addr.arpa. (43)',
      '15:38:24.424595 IP kube-dns.kube-system.svc.cluster.local.domain > busybox.46757: 41018 1/0/0 PTR kube-dns.kube-system.svc.cluster.local. (95)',
    ];
    const f = finding(trace.join('\n'), 'dns.unreachable');
    expect(f?.severity).toBe('critical');
    expect(ids(trace.join('\n'))).toEqual(['dns.unreachable:critical']);
  });

  // Constructed from the pattern the A/AAAA race leaves (kubernetes#56903, weave#3287): glibc sends A and AAAA from one
  // socket; the A answer arrives, the AAAA is lost and sent again after the 5 s timeout. No public trace of it whole
  // was found; the line shapes are tcpdump's.
  const race = [
    '10:00:00.000100 IP 10.244.1.3.48199 > 10.96.0.10.53: 60169+ A? www.google.com. (32)',
    '10:00:00.000160 IP 10.244.1.3.48199 > 10.96.0.10.53: 60459+ AAAA? www.google.com. (32)',
    '10:00:00.020900 IP 10.96.0.10.53 > 10.244.1.3.48199: 60169 6/0/0 A 172.217.218.104 (128)',
    '10:00:05.000300 IP 10.244.1.3.48199 > 10.96.0.10.53: 60459+ AAAA? www.google.com. (32)',
    '10:00:05.012000 IP 10.96.0.10.53 > 10.244.1.3.48199: 60459 1/0/0 AAAA 2a00:1450:4001:82a::2004 (60)',
  ];

  it('dns.aaaa-race when one of a pair sent together from one socket is lost, else dns.query-retransmitted', () => {
    const f = finding(race.join('\n'), 'dns.aaaa-race');
    expect(f?.severity).toBe('warning');
    expect(f?.evidence.join('\n')).toMatch(/lost: AAAA\? www\.google\.com\. .*sent again after 5 s/);
    expect(ids(race.join('\n'))).toEqual(['dns.aaaa-race:warning']);
    // Without the A question, the AAAA retry alone is a retransmission, not the race.
    const single = race.filter((l) => !/ A\? | 60169 /.test(l));
    expect(ids(single.join('\n'))).toEqual(['dns.query-retransmitted:warning']);
  });

  it('copies of one packet seen microseconds apart (two interfaces) are not retries', () => {
    const copies = [race[0]!, race[0]!.replace('00.000100', '00.000130'), race[2]!];
    expect(ids(copies.join('\n'))).toEqual([]);
  });
});

describe('dns.timeout-5s, dns.unreachable from strace', () => {
  // https://github.com/lioneie/csdn/blob/de25ba01771e1362f19434a1aa30af60dce447e1/src/nfs/nfs-df-long-time.md
  const silent = [
    '4014  20:02:20.175944 connect(3, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("114.114.114.114")}, 16) = 0',
    '4014  20:02:20.176231 sendto(3, "\\264#\\1\\0\\0\\1\\0\\0\\0\\0\\0\\0\\vkylin2403-2\\0\\0\\1\\0\\1", 29, MSG_NOSIGNAL, NULL, 0) = 29',
    '4014  20:02:20.176388 poll([{fd=3, events=POLLIN}], 1, 5000) = 0 (Timeout)',
  ];

  it('queries with no reply at all are dns.unreachable', () => {
    expect(ids(silent.join('\n'))).toEqual(['dns.unreachable:critical']);
  });

  // The same trace continued with a reply read after the retry (constructed from the lines above): a wait expired,
  // then the answer came: the 5 s stall of a lost packet.
  it('an expired 5000 ms wait followed by a reply is dns.timeout-5s', () => {
    const answered = [
      ...silent,
      '4014  20:02:25.181000 sendto(3, "\\264#\\1\\0\\0\\1\\0\\0\\0\\0\\0\\0\\vkylin2403-2\\0\\0\\1\\0\\1", 29, MSG_NOSIGNAL, NULL, 0) = 29',
      '4014  20:02:25.181300 poll([{fd=3, events=POLLIN}], 1, 5000) = 1 ([{fd=3, revents=POLLIN}])',
      '4014  20:02:25.181500 recvfrom(3, "\\264#\\201\\203"..., 2048, 0, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("114.114.114.114")}, [28->16]) = 104',
    ];
    expect(ids(answered.join('\n'))).toEqual(['dns.timeout-5s:warning']);
  });

  it('an expired wait of 2.5 s with a reply afterwards is dns.timeout-fraction', () => {
    const musl = [
      silent[0]!,
      silent[1]!,
      '4014  20:02:20.176388 poll([{fd=3, events=POLLIN}], 1, 2500) = 0 (Timeout)',
      '4014  20:02:22.681500 recvfrom(3, "\\264#\\201\\203"..., 2048, 0, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("114.114.114.114")}, [28->16]) = 104',
    ];
    const f = finding(musl.join('\n'), 'dns.timeout-fraction');
    expect(f?.severity).toBe('warning');
    expect(f?.evidence[0]).toContain('a 2.5 s wait for the DNS reply expired');
  });
});

describe('dns.slow-lookups and dns.timeout-fraction from timed lookups', () => {
  // https://github.com/curl/curl/issues/8283 (2022-01-16): one lookup slowed to ~1 s on purpose.
  it('one slow lookup is not a pattern', () => {
    const one = [';; Query time: 1023 msec'].join('\n');
    expect(ids(one)).toEqual([]);
  });

  // https://github.com/kubernetes/kubernetes/issues/21604 (2016-02-20): the bracketed curl layout; the times are
  // replaced by slow ones to make a pattern (constructed).
  it('three of three lookups over a second, none a whole or partial timeout, are dns.slow-lookups', () => {
    const slow = [
      'DNS-Lookup [1.384] Time-Connect [1.386] Time-PreTransfer [1.406] Time-StartTransfer [1.833] Total-Time [1.833]',
      'DNS-Lookup [1.582] Time-Connect [1.584] Time-PreTransfer [1.602] Time-StartTransfer [2.035] Total-Time [2.035]',
      'DNS-Lookup [1.190] Time-Connect [1.192] Time-PreTransfer [1.206] Time-StartTransfer [1.440] Total-Time [1.440]',
    ];
    const f = finding(slow.join('\n'), 'dns.slow-lookups');
    expect(f?.severity).toBe('warning');
    expect(f?.title).toContain('3 of 3 DNS lookups');
    expect(ids(slow.slice(0, 2).join('\n'))).toEqual([]);
  });

  it('lookups of 2.5 s are dns.timeout-fraction when two or more, or one with attempts: in resolv.conf', () => {
    const two = [
      'DNS-Lookup [2.512] Time-Connect [2.514] Time-PreTransfer [2.602] Time-StartTransfer [3.035] Total-Time [3.035]',
      'DNS-Lookup [2.506] Time-Connect [2.508] Time-PreTransfer [2.601] Time-StartTransfer [2.935] Total-Time [2.935]',
    ];
    expect(ids(two.join('\n'))).toEqual(['dns.timeout-fraction:warning']);
    expect(ids(two[0]!)).toEqual([]);
  });
});

describe('dns.resolv-misconfigured: search lists the resolvers cut', () => {
  // https://github.com/kubernetes/kubernetes/issues/30073 (comment by someword, 2017-09-06): the kubelet file's search
  // domain; here with the pod's cluster domains and five more company domains appended (constructed).
  it('warns on a search list over 6 domains, not on the stock one', () => {
    const stock =
      'nameserver 172.20.0.10\nsearch default.svc.cluster.local svc.cluster.local cluster.local ec2.internal';
    expect(finding(stock, 'dns.resolv-misconfigured')).toBeUndefined();
    const long = `${stock} a.corp.example b.corp.example c.corp.example d.corp.example e.corp.example\noptions ndots:5`;
    const f = finding(long, 'dns.resolv-misconfigured');
    expect(f?.severity).toBe('warning');
    expect(f?.evidence.join('\n')).toContain('search list of 9 domains');
  });
});
