// hubble-flows parser: compact text, JSON lines and verdict counts, on real snippets.
import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import { type HubbleFlows, hubbleFlowsParser } from '../../../../src/parse/cilium/hubble-flows.js';
import { itemsOf } from '../../../../src/parse/items-of.js';

function all(text: string): HubbleFlows[] {
  return itemsOf(diagnoseText(text).report, hubbleFlowsParser).map((i) => i.value);
}

describe('hubble-flows parser', () => {
  // Cilium docs, Documentation/observability/hubble/hubble-cli.rst: L7 and L3/L4 drops.
  it('counts compact flows by verdict; an L7 drop is a policy denial', () => {
    const [f] = all(
      [
        'May  4 13:23:40.501: default/tiefighter:42690 -> default/deathstar-c74d84667-cx5kp:80 http-request FORWARDED (HTTP/1.1 POST http://deathstar.default.svc.cluster.local/v1/request-landing)',
        'May  4 13:23:43.791: default/tiefighter:42742 -> default/deathstar-c74d84667-cx5kp:80 http-request DROPPED (HTTP/1.1 PUT http://deathstar.default.svc.cluster.local/v1/exhaust-port)',
        'May  4 13:23:47.852: default/xwing:42818 <> default/deathstar-c74d84667-cx5kp:80 Policy denied DROPPED (TCP Flags: SYN)',
      ].join('\n'),
    );
    expect(f?.format).toBe('compact');
    expect(f?.verdicts).toEqual({ FORWARDED: 1 });
    expect(f?.drops).toBe(2);
    expect(f?.reasons).toHaveLength(1);
    expect(f?.reasons[0]?.reason.name).toBe('Policy denied');
    expect(f?.reasons[0]?.pairs.map((p) => p.pair)).toEqual([
      'default/tiefighter -> default/deathstar-c74d84667-cx5kp:80',
      'default/xwing <> default/deathstar-c74d84667-cx5kp:80',
    ]);
  });

  // https://github.com/cilium/hubble/issues/73: hubble 0.5 with `[node]` and `:53(domain)`.
  it('reads the `[node]:` stamp and counts forwarded flows only', () => {
    const [f] = all(
      'Feb  1 00:00:56.329 [allosaurus]: default/tiefighter:57372 -> kube-system/coredns-7b67f9f8c-5r8g2:53(domain) to-proxy FORWARDED (UDP)',
    );
    expect(f).toMatchObject({ drops: 0, verdicts: { FORWARDED: 1 } });
  });

  // Cilium docs, Documentation/observability/hubble/configuration/export.rst: exported JSON flows.
  it('reads JSON flows: the reason from drop_reason_desc, the pods and the destination port', () => {
    const [f] = all(
      [
        '{"flow":{"time":"2023-08-21T12:12:13.517394084Z","verdict":"DROPPED","IP":{"source":"fe80::64d8:8aff:fe72:fc14","destination":"ff02::2","ipVersion":"IPv6"},"l4":{"ICMPv6":{"type":133}},"source":{},"destination":{},"node_name":"kind-kind/kind-worker","drop_reason_desc":"INVALID_SOURCE_IP"},"node_name":"kind-kind/kind-worker","time":"2023-08-21T12:12:13.517394084Z"}',
        '{"flow":{"time":"2023-08-21T12:12:18.510175415Z","verdict":"DROPPED","IP":{"source":"10.244.1.60","destination":"10.244.1.5","ipVersion":"IPv4"},"l4":{"TCP":{"source_port":44916,"destination_port":80,"flags":{"SYN":true}}},"source":{"namespace":"default","pod_name":"xwing"},"destination":{"namespace":"default","pod_name":"deathstar-7848d6c4d5-th9v2"},"node_name":"kind-kind/kind-worker","drop_reason_desc":"POLICY_DENIED"},"node_name":"kind-kind/kind-worker","time":"2023-08-21T12:12:18.510175415Z"}',
      ].join('\n'),
    );
    expect(f?.format).toBe('json');
    expect(f?.reasons.map((r) => [r.reason.name, r.reason.code, r.pairs[0]?.pair])).toEqual([
      ['Invalid source ip', 132, 'fe80::64d8:8aff:fe72:fc14 -> ff02::2'],
      ['Policy denied', 133, 'default/xwing -> default/deathstar-7848d6c4d5-th9v2:80'],
    ]);
  });
});
