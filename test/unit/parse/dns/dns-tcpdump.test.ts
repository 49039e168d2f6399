import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import { dnsTcpdumpParser } from '../../../../src/parse/dns/dns-tcpdump.js';
import { parseWith } from '../parse-with.js';

describe('dnsTcpdumpParser', () => {
  // https://github.com/projectcalico/calico/issues/2140 (2018-08-22): `tcpdump -A`, names resolved, a TCP SYN between.
  const ascii = [
    '09:32:55.301880 IP stilton-7bdb8cfb8f-8zwb8.47154 > kubernetes.default.svc.cluster.local.443: Flags [S], seq 561230321, win 28000, options [mss 1400,sackOK,TS val 21993499 ecr 0,nop,wscale 7], length 0',
    'E..<).@.@.B.....',
    '09:32:55.302305 IP stilton-7bdb8cfb8f-8zwb8.39671 > kube-dns.kube-system.svc.cluster.local.53: 13814+ PTR? 1.0.96.10.in-addr.arpa. (40)',
    '09:32:55.302937 IP kube-dns.kube-system.svc.cluster.local.53 > stilton-7bdb8cfb8f-8zwb8.39671: 13814* 1/0/0 PTR kubernetes.default.svc.cluster.local. (112)',
  ].join('\n');

  it('pairs a question with its answer and skips other packets', () => {
    const { value } = parseWith(dnsTcpdumpParser, ascii);
    expect(value.packets).toBe(2);
    expect(value.exchanges).toHaveLength(1);
    const ex = value.exchanges[0]!;
    expect([ex.client, ex.ports, ex.server, ex.id, ex.qtype, ex.name]).toEqual([
      'stilton-7bdb8cfb8f-8zwb8',
      ['39671'],
      'kube-dns.kube-system.svc.cluster.local',
      13814,
      'PTR',
      '1.0.96.10.in-addr.arpa.',
    ]);
    expect(ex.answered).toBe(true);
    expect(ex.rcode).toBe('NOERROR');
    expect(ex.answeredAt! - ex.times[0]!).toBeCloseTo(0.000632, 6);
  });

  // https://github.com/kubernetes/kubernetes/issues/14533 (2015-09-28): `domain` as the port name, NXDomain answers.
  it('reads `domain` ports and answer codes', () => {
    const { value } = parseWith(
      dnsTcpdumpParser,
      [
        '01:25:04.153189 IP 10.0.2.15.44840 > 10.0.2.3.domain: 3+ PTR? 10.0.100.10.in-addr.arpa. (42)',
        '01:25:04.156049 IP 10.0.2.3.domain > 10.0.2.15.44840: 3 NXDomain*- 0/0/0 (42)',
      ].join('\n'),
    );
    expect(value.exchanges[0]?.rcode).toBe('NXDomain');
  });

  it('is detected behind its tcpdump banner; an HH:MM:SS time is not a getent address', () => {
    const { detected } = diagnoseText(
      [
        'tcpdump: verbose output suppressed, use -v or -vv for full protocol decode',
        'listening on eth0, link-type EN10MB (Ethernet), capture size 262144 bytes',
        '01:25:03.310207 IP 10.0.2.15.60931 > 8.8.4.4.domain: 3+ PTR? 1.0.100.10.in-addr.arpa. (41)',
        '01:25:03.311428 IP 8.8.4.4.domain > 10.0.2.15.60931: 3 NXDomain 0/1/0 (90)',
      ].join('\n'),
    );
    expect(detected).toEqual(['dns-tcpdump']);
  });

  // The same lines pasted right after a lookup command's output (constructed: a `host` prompt above the capture, as
  // in pastes that run the lookup and tcpdump side by side): the capture is its own block, not the lookup's lines.
  it('starts its own block after a lookup command', () => {
    const { detected } = diagnoseText(
      [
        '# host www.google.com',
        '01:25:03.310207 IP 10.0.2.15.60931 > 8.8.4.4.domain: 3+ PTR? 1.0.100.10.in-addr.arpa. (41)',
        '01:25:03.311428 IP 8.8.4.4.domain > 10.0.2.15.60931: 3 NXDomain 0/1/0 (90)',
        ';; connection timed out; no servers could be reached',
      ].join('\n'),
    );
    expect(detected).toContain('dns-tcpdump');
  });
});
