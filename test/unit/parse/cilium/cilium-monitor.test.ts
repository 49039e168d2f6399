// cilium-monitor parser: drop events of every monitor format and trace events, on real snippets.
import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import { type CiliumMonitor, ciliumMonitorParser } from '../../../../src/parse/cilium/cilium-monitor.js';
import { itemsOf } from '../../../../src/parse/items-of.js';

function only(text: string): CiliumMonitor {
  const items = itemsOf(diagnoseText(text).report, ciliumMonitorParser);
  expect(items).toHaveLength(1);
  return items[0]!.value;
}

describe('cilium-monitor parser', () => {
  // https://github.com/cilium/cilium/issues/3592: a syslog stamp before `xx drop (...)`, the old "(L3)" name.
  it("counts a drop, names its reason with today's name and keeps the pair without the source port", () => {
    const m = only(
      'Apr 07 00:33:40 xx drop (Policy denied (L3)) flow 0x85b0f1ff to endpoint 38939, identity 48165->42447: 10.11.42.252:38506 -> 10.11.250.189:80 tcp SYN',
    );
    expect(m.drops).toBe(1);
    expect(m.reasons[0]?.reason).toEqual({ name: 'Policy denied', code: 133, known: true });
    expect(m.reasons[0]?.pairs).toEqual([{ pair: '10.11.42.252 -> 10.11.250.189:80', count: 1 }]);
  });

  // https://github.com/cilium/cilium/pull/5869: monitor.log lines (`drop: REASON ( SRC) => (NAME DST)`).
  it('reads the monitor.log drop form', () => {
    const m = only(
      [
        '[2018-10-17 06:34:51] k8s2: trace ( 10.10.1.209:58903) => (reserved:unknown 10.96.0.10:53)',
        '[2018-10-17 06:34:51] k8s2: drop: Policy denied (L3) ( 10.10.1.209:58903) => (kube-system/coredns-779ffd89bd-2s4df 10.10.1.182:53)',
      ].join('\n'),
    );
    expect(m.drops).toBe(1);
    expect(m.reasons[0]?.pairs[0]?.pair).toBe('10.10.1.209 -> 10.10.1.182:53');
  });

  // https://github.com/cilium/cilium/pull/1112: the first monitor format.
  it('reads the first monitor format', () => {
    const m = only(
      [
        'drop [ifindex 397 / endpoint 38061] (Policy denied)',
        'drop [ifindex 391 / endpoint 29898] (Invalid destination mac)',
      ].join('\n'),
    );
    expect(m.reasons.map((r) => r.reason.name)).toEqual(['Policy denied', 'Invalid destination mac']);
  });

  // https://github.com/cilium/hubble-ui/issues/398: trace events only.
  it('starts a block on trace events and counts no drop', () => {
    const m = only(
      '-> endpoint 3166 flow 0x0 , identity 30166->11362 state reply ifindex lxcb6862e3e3d70 orig-ip 10.43.0.116: 10.43.0.10:53 -> 10.43.0.117:53168 udp',
    );
    expect(m.drops).toBe(0);
    expect(m.traces).toBe(1);
  });
});
