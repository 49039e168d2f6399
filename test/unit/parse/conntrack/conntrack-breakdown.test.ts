import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import {
  type ConntrackBreakdown,
  conntrackBreakdownParser,
} from '../../../../src/parse/conntrack/conntrack-breakdown.js';

/** Body lines as the collector's awk breakdown (src/collector/collector.sh) prints them. */
const BODY = [
  'source conntrack',
  'total 48213',
  'family ipv4 48200',
  'family ipv6 13',
  'proto tcp 30110',
  'proto udp 17950',
  'proto icmp 153',
  'state ESTABLISHED 11020',
  'state TIME_WAIT 17500',
  'flag ASSURED 28000',
  'flag UNREPLIED 9120',
  'nat dnat 21000',
  'nat snat 15000',
  'udp-unreplied 8800',
  'udp-unreplied-dport 8472 8000',
  'udp-unreplied-dport 53 790',
  'dnat 10.96.0.10:53>10.244.1.7:53 6000',
  'dnat [fd00:96::a]:53>[fd00:244::7]:53 4',
  'udp-unreplied-dnat 10.96.0.10:53>10.244.1.7:53 700',
  'dnat-distinct 1200',
  'long-timeout 3',
  'max-timeout 431999',
];

function parse(lines: string[]): ConntrackBreakdown {
  const sink = conntrackBreakdownParser.create({ section: 'conntrack-breakdown' });
  for (const line of lines) sink.push(line);
  return sink.end().value;
}

describe('conntrack-breakdown parser', () => {
  it('reads every key of the collector breakdown into the conntrack-list breakdown type', () => {
    const b = parse(BODY);
    expect(b.total).toBe(48213);
    expect(b.byProto).toEqual({ tcp: 30110, udp: 17950, icmp: 153 });
    expect(b.byState).toEqual({ ESTABLISHED: 11020, TIME_WAIT: 17500 });
    expect([b.unreplied, b.assured, b.udpUnreplied]).toEqual([9120, 28000, 8800]);
    expect(b.udpUnrepliedDport[0]).toEqual({ key: '8472', count: 8000 });
    expect(b.dnat[1]).toEqual({ key: '[fd00:96::a]:53>[fd00:244::7]:53', count: 4 });
    expect(b.udpUnrepliedDnat).toEqual([{ key: '10.96.0.10:53>10.244.1.7:53', count: 700 }]);
    expect([b.dnatEntries, b.snatEntries, b.longTimeout, b.longTimeoutMin, b.maxTimeout]).toEqual([
      21000, 15000, 3, 86401, 431999,
    ]);
    expect(b.families).toEqual({ ipv4: 48200, ipv6: 13 });
    expect(b.approximate).toBe(false);
  });

  it('marks partial counts and uncounted pairs as approximate', () => {
    expect(parse(['total 5', 'dnat-uncounted 12']).approximate).toBe(true);
    expect(parse(['total 5', 'netcheck: conntrack -L timed out; the counts above are partial']).approximate).toBe(true);
  });

  it('is found in a collector report section', () => {
    const report = [
      '#netcheck report version=1 host=node-7 start=1732380000 interval=5 deadline=60',
      '#netcheck section name=conntrack-breakdown kind=conntrack-breakdown status=ok rc=0 ms=40 at=1732380002 truncated=0 cmd=conntrack -L -o extended 2>/dev/null | awk (breakdown)',
      ...BODY,
    ].join('\n');
    const item = diagnoseText(report).report.items.find((i) => i.kind === 'conntrack-breakdown');
    expect((item!.value as ConntrackBreakdown).total).toBe(48213);
  });

  it('classifies breakdown keys, not look-alikes such as `total 48` from ls -l', () => {
    const c = conntrackBreakdownParser.classify;
    expect(c('udp-unreplied-dport 8472 8000')).toBe(2);
    expect(c('flag UNREPLIED 9120')).toBe(2);
    expect(c('total 48')).toBe(1);
    expect(c('state ESTABLISHED 11020')).toBe(1);
    expect(c('total: 48')).toBe(0);
    expect(c('drwxr-xr-x 2 root root 4096 Nov 23 18:40 .')).toBe(0);
  });
});
