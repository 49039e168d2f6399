import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import { type NetnsCheckValue, netnsCheckParser } from '../../../../src/parse/conntrack/netns-check.js';
import { parseLines } from '../parse-with.js';

describe('netns-check parser', () => {
  it('reads the verdict, its reason and the counts seen from that namespace', () => {
    const v = parseLines<NetnsCheckValue>(netnsCheckParser, [
      'self_netns=net:[4026532512]',
      'pid1_netns=',
      'pid1_visible=no',
      'interfaces=lo,eth0',
      'interface_count=2',
      'conntrack_count=3',
      'conntrack_max=262144',
      'netns=pod',
      'reason=pod-interfaces',
    ]).value;
    expect([v.netns, v.reason, v.conntrackCount, v.conntrackMax]).toEqual(['pod', 'pod-interfaces', 3, 262144]);
    expect(netnsCheckParser.classify('self_netns=net:[4026532512]')).toBe(2);
    expect(netnsCheckParser.classify('netns=pod')).toBe(1);
  });

  it('is read from a collector report', () => {
    const text = [
      '#netcheck report version=1 host=node-7 start=1732380000 interval=5 deadline=60',
      '#netcheck section name=netns kind=netns-check status=ok rc=0 ms=3 at=1732380000 truncated=0 cmd=netns check',
      'self_netns=net:[4026531840]',
      'netns=host',
      'reason=same-as-host-init',
    ].join('\n');
    const item = diagnoseText(text).report.items.find((i) => i.kind === 'netns-check');
    expect((item!.value as NetnsCheckValue).netns).toBe('host');
  });
});
