// cilium.policy-drops, cilium.drops and cilium.ct-insert-failed from monitor, Hubble and the agent's counters.
import { describe, expect, it } from 'vitest';
import { finding, ids } from '../findings-of.js';

describe('Cilium drop findings', () => {
  // https://github.com/cilium/cilium/issues/5496 (techcet).
  it('warns on live policy drops and names the pair', () => {
    const f = finding(
      'xx drop (Policy denied (L3)) flow 0x12656fc2 to endpoint 0, identity 10839->7479: 10.2.1.104:49296 -> 10.2.2.169:53 udp',
      'cilium.policy-drops',
    );
    expect(f?.severity).toBe('warning');
    expect(f?.evidence[0]).toContain('10.2.1.104 -> 10.2.2.169:53');
  });

  // https://github.com/cilium/cilium/issues/8077 (borkmann): a code Cilium's table lacks.
  it('names an unknown numeric code as unknown, never as a guessed reason', () => {
    const f = finding(
      'cilium_drop_count_total                               direction="EGRESS" reason="14"                                                            183.000000',
      'cilium.drops',
    );
    expect(f?.severity).toBe('warning');
    expect(f?.evidence[0]).toContain('unknown drop reason code 14');
    expect(f?.evidence[0]).toContain("not in Cilium's drop reason table");
  });

  // https://github.com/cilium/cilium/pull/5231 (ianvernon): a small counter of an old reason.
  it('keeps a small counter since start at info', () => {
    expect(
      ids(
        'cilium_drop_count_total                             direction="EGRESS" reason="Invalid destination mac"   26.000000',
      ),
    ).toEqual(['cilium.drops:info']);
  });

  // Cilium docs, Documentation/observability/hubble/configuration/export.rst: IPv6 NDP dropped as an invalid source.
  it('keeps reasons healthy clusters show (IPv6 NDP) at info', () => {
    const f = finding(
      '{"flow":{"time":"2023-08-21T12:12:13.517394084Z","verdict":"DROPPED","IP":{"source":"fe80::64d8:8aff:fe72:fc14","destination":"ff02::2","ipVersion":"IPv6"},"l4":{"ICMPv6":{"type":133}},"source":{},"destination":{},"node_name":"kind-kind/kind-worker","drop_reason_desc":"INVALID_SOURCE_IP"},"node_name":"kind-kind/kind-worker","time":"2023-08-21T12:12:13.517394084Z"}',
      'cilium.drops',
    );
    expect(f?.severity).toBe('info');
    expect(f?.evidence[0]).toContain('expected on healthy clusters');
  });

  // https://github.com/cilium/cilium/issues/31317 (aspsk): counted during cilium-cli's connectivity test.
  it('warns on an unexpected reason counted during the connectivity test', () => {
    const text = [
      '  ❌ Found unexpected packet drops:',
      '{',
      '  "labels": {',
      '    "direction": "INGRESS",',
      '    "reason": "Missed tail call"',
      '  },',
      '  "name": "cilium_drop_count_total",',
      '  "value": 1',
      '}',
    ].join('\n');
    expect(ids(text)).toEqual(['cilium.drops:warning']);
  });

  it('reports CT insertion failures under their own id, with the map fill when known', () => {
    // Rows as `cilium metrics list` prints them (format: https://github.com/cilium/cilium/pull/28357).
    const text = [
      'cilium_bpf_map_pressure                               map_name="cilium_ct4_global"                    0.120000',
      'cilium_drop_count_total                               direction="EGRESS" reason="CT: Map insertion failed"   35.000000',
    ].join('\n');
    const f = finding(text, 'cilium.ct-insert-failed');
    expect(f?.severity).toBe('warning');
    expect(f?.evidence.join('\n')).toMatch(/only 12% full/);
    expect(ids(text)).not.toContain('cilium.drops:warning');
  });
});
