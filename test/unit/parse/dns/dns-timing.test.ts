import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import type { DnsTiming } from '../../../../src/parse/dns/dns-timing.js';
import { dnsTimingParser } from '../../../../src/parse/dns/dns-timing.js';
import { parseWith } from '../parse-with.js';

function lookupsOf(text: string) {
  const { report } = diagnoseText(text);
  return report.items.filter((i) => i.kind === 'dns-timing').flatMap((i) => (i.value as DnsTiming).lookups);
}

describe('dnsTimingParser', () => {
  // https://github.com/kubernetes/kops/issues/4040 (2017-12-11): busybox nslookup and busybox `time`, cut off.
  it('reads busybox nslookup with busybox time, and drops the cut-off second run', () => {
    const lookups = lookupsOf(
      [
        '/ # time nslookup google.com',
        'Server:    100.64.0.10',
        'Address 1: 100.64.0.10 kube-dns.kube-system.svc.cluster.local',
        '',
        'Name:      google.com',
        'Address 1: 2607:f8b0:4004:800::200e iad30s09-in-x0e.1e100.net',
        'Address 2: 172.217.7.238 iad23s58-in-f14.1e100.net',
        'real\t0m 5.12s',
        'user\t0m 0.00s',
        'sys\t0m 0.00s',
        '/ # time nslookup google.com',
        'Server:    100.64.0.10',
        'Address 1: 100.64.0.10 kube-',
      ].join('\n'),
    );
    expect(lookups).toEqual([
      expect.objectContaining({
        tool: 'nslookup',
        name: 'google.com',
        server: '100.64.0.10',
        answered: true,
        wallSeconds: 5.12,
      }),
    ]);
  });

  // https://github.com/rancher/rancher/issues/14261 (2018-06-27): no prompt, bare `kubectl exec ... time nslookup`.
  it('detects a bare `kubectl exec ... time nslookup` line and spaces instead of a tab after real', () => {
    const lookups = lookupsOf(
      [
        '**Rancher versions:**',
        'kubectl exec busybox-756576c555-vhmvc time nslookup kube-dns.kube-system.svc.cluster.local',
        'Server:    10.43.0.10',
        'Address 1: 10.43.0.10 kube-dns.kube-system.svc.cluster.local',
        'Name:      kube-dns.kube-system.svc.cluster.local',
        'Address 1: 10.43.0.10',
        'real    0m 40.03s',
        'user    0m 0.00s',
      ].join('\n'),
    );
    expect(lookups).toHaveLength(1);
    expect(lookups[0]).toMatchObject({ tool: 'nslookup', answered: true, wallSeconds: 40.03 });
  });

  // https://github.com/kubernetes/kubernetes/issues/62777 (2018-04-18): dig 9.9 timeout, musl nslookup errors.
  it('reads dig and musl nslookup failures', () => {
    const lookups = lookupsOf(
      [
        '/ # nslookup kubernetes.default',
        "nslookup: can't resolve '(null)': Name does not resolve",
        '',
        "nslookup: can't resolve 'kubernetes.default': Try again",
        '[root@k8s-master1-sit-redf ~]# dig google.com @10.96.0.10',
        '',
        '; <<>> DiG 9.9.4-RedHat-9.9.4-61.el7 <<>> google.com @10.96.0.10',
        ';; global options: +cmd',
        ';; connection timed out; no servers could be reached',
      ].join('\n'),
    );
    expect(lookups.map((l) => [l.tool, l.name, l.failure, l.answered])).toEqual([
      ['nslookup', 'kubernetes.default', 'unreachable', false],
      ['dig', 'google.com', 'unreachable', false],
    ]);
  });

  // https://github.com/samsung-cnct/kraken-lib/issues/377 (2017-06-14): complete dig 9.10 answer, 0 msec.
  it('reads a full dig answer', () => {
    const { value } = parseWith(
      dnsTimingParser,
      [
        '; <<>> DiG 9.10.2-P4 <<>> +search @10.32.0.2 cassandra-sartorial-o.cassandra.svc.cluster.local',
        '; (1 server found)',
        ';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 62104',
        ';; ANSWER SECTION:',
        'cassandra-sartorial-o.cassandra.svc.cluster.local. 9 IN\tA 10.128.6.2',
        ';; Query time: 0 msec',
        ';; SERVER: 10.32.0.2#53(10.32.0.2)',
        ';; MSG SIZE  rcvd: 142',
      ].join('\n'),
    );
    expect(value.lookups).toEqual([
      expect.objectContaining({
        tool: 'dig',
        name: 'cassandra-sartorial-o.cassandra.svc.cluster.local',
        status: 'NOERROR',
        queryMs: 0,
        server: '10.32.0.2',
      }),
    ]);
  });

  // https://github.com/coredns/coredns/issues/3163 (2019-08-21): curl -w format file shown, then two fenced results.
  it('reads curl -w timings one per line and ignores the format file placeholders', () => {
    const lookups = lookupsOf(
      [
        '```shell',
        'vi test_curl:',
        '    time_namelookup:  %{time_namelookup}\\n',
        '       time_connect:  %{time_connect}\\n',
        '```',
        'but I also can get slowly sometimes:',
        '```shell',
        '    time_namelookup:  5.513',
        '       time_connect:  5.514',
        ' time_starttransfer:  5.515',
        '```',
      ].join('\n'),
    );
    expect(lookups).toEqual([expect.objectContaining({ tool: 'curl', seconds: 5.513, answered: true })]);
  });

  // https://github.com/kubernetes/dns/issues/96 (2017-06-07): all curl timings on one line, exit status glued on.
  it('reads one-line curl timings, the glued exit status and the busybox time after it', () => {
    const lookups = lookupsOf(
      [
        '/ # time curl -6 -w "@curl-format.txt" -o /dev/null -s http://google.com',
        '            time_namelookup:  0.000000               time_connect:  0.000000                 time_total:  0.000000Command exited with non-zero status 6',
        'real\t0m 5.01s',
        'user\t0m 0.00s',
      ].join('\n'),
    );
    expect(lookups).toEqual([
      expect.objectContaining({
        tool: 'curl',
        name: 'google.com',
        seconds: 0,
        wallSeconds: 5.01,
        failure: 'error',
        answered: false,
      }),
    ]);
  });

  it('maps bare numbers to the %{time_namelookup} position of the curl -w format (seed 000 §8.1 shape)', () => {
    const { value } = parseWith(
      dnsTimingParser,
      '5.004123 5.005 5.1 5.2',
      "curl -s -o /dev/null -w '%{time_namelookup} %{time_connect} %{time_starttransfer} %{time_total}' http://backend-svc",
    );
    expect(value.lookups).toEqual([expect.objectContaining({ tool: 'curl', name: 'backend-svc', seconds: 5.004123 })]);
  });

  it('reads bash, POSIX, GNU and zsh time formats', () => {
    const wall = (line: string) => parseWith(dnsTimingParser, line, 'getent hosts x').value.lookups[0]?.wallSeconds;
    expect(wall('real\t0m5.012s')).toBe(5.012);
    expect(wall('real 10.02')).toBe(10.02);
    expect(wall('real\t1m0.500s')).toBe(60.5);
    expect(wall('0.00user 0.00system 0:05.01elapsed 0%CPU (0avgtext+0avgdata 2048maxresident)k')).toBe(5.01);
    expect(wall('getent hosts x  0.00s user 0.00s system 0% cpu 5.012 total')).toBe(5.012);
  });

  it('counts a retry that was answered, and GNU nslookup NXDOMAIN as an answer', () => {
    const { value } = parseWith(
      dnsTimingParser,
      [
        ';; communications error to 10.96.0.10#53: timed out',
        'Server:\t\t10.96.0.10',
        'Address:\t10.96.0.10#53',
        '',
        'Name:\tkubernetes.default.svc.cluster.local',
        'Address: 10.96.0.1',
      ].join('\n'),
      'nslookup kubernetes.default',
    );
    expect(value.lookups).toEqual([expect.objectContaining({ answered: true, timeouts: 1, server: '10.96.0.10' })]);
    const nx = parseWith(dnsTimingParser, "** server can't find nope.example: NXDOMAIN", 'nslookup nope.example');
    expect(nx.value.lookups[0]).toMatchObject({ failure: 'nxdomain', name: 'nope.example' });
  });

  it("reads the collector's elapsed_ms line into the lookup of its section", () => {
    const { value } = parseWith(
      dnsTimingParser,
      [
        '10.96.0.1       kubernetes.default.svc.cluster.local',
        'elapsed_ms=12 rc=0 name=kubernetes.default.svc.cluster.local tool=getent',
      ].join('\n'),
      'getent hosts kubernetes.default.svc.cluster.local',
    );
    expect(value.lookups).toEqual([expect.objectContaining({ tool: 'getent', answered: true, seconds: 0.012 })]);
    const slow = parseWith(
      dnsTimingParser,
      'elapsed_ms=10010 rc=2 name=example.com tool=getent',
      'getent hosts example.com',
    );
    expect(slow.value.lookups[0]).toMatchObject({ failure: 'unreachable', seconds: 10.01 });
    const fast = parseWith(
      dnsTimingParser,
      'elapsed_ms=3 rc=2 name=nope.example tool=getent',
      'getent hosts nope.example',
    );
    expect(fast.value.lookups[0]).toMatchObject({ failure: 'nxdomain' });
  });

  it('keeps memory bounded over many lookups', () => {
    const text = Array.from({ length: 1000 }, () => 'elapsed_ms=5 rc=0 name=a tool=getent').join('\n');
    const { value } = parseWith(dnsTimingParser, text);
    expect(value.lookups.length + value.omitted).toBe(1000);
    expect(value.lookups.length).toBeLessThanOrEqual(200);
  });

  it('does not start a block on time output or prose alone', () => {
    expect(dnsTimingParser.classify('real\t0m5.012s')).toBe(1);
    expect(dnsTimingParser.classify('we need to dig into this')).toBe(0);
    expect(dnsTimingParser.classify('Server: nginx')).toBe(0);
  });
});
