// cilium.kube-proxy-replacement: stated by the status, inferred from Cilium-only nat rules, never from a grep of them.
import { describe, expect, it } from 'vitest';
import { finding, ids } from '../findings-of.js';

// https://github.com/cilium/cilium/issues/26882 (nitendra-thakur): `iptables-save | grep CILIUM` on a node.
const CILIUM_RAW = [
  ':CILIUM_OUTPUT_raw - [0:0]',
  ':CILIUM_PRE_raw - [0:0]',
  '-A PREROUTING -m comment --comment "cilium-feeder: CILIUM_PRE_raw" -j CILIUM_PRE_raw',
  '-A OUTPUT -m comment --comment "cilium-feeder: CILIUM_OUTPUT_raw" -j CILIUM_OUTPUT_raw',
  '-A CILIUM_OUTPUT_raw -o lxc+ -m mark --mark 0xa00/0xfffffeff -m comment --comment "cilium: NOTRACK for proxy return traffic" -j CT --notrack',
  '-A CILIUM_OUTPUT_raw -o cilium_host -m mark --mark 0xa00/0xfffffeff -m comment --comment "cilium: NOTRACK for proxy return traffic" -j CT --notrack',
  '-A CILIUM_PRE_raw -m mark --mark 0x200/0xf00 -m comment --comment "cilium: NOTRACK for proxy traffic" -j CT --notrack',
];
const CILIUM_NAT = [
  ':CILIUM_OUTPUT_nat - [0:0]',
  ':CILIUM_POST_nat - [0:0]',
  ':CILIUM_PRE_nat - [0:0]',
  '-A PREROUTING -m comment --comment "cilium-feeder: CILIUM_PRE_nat" -j CILIUM_PRE_nat',
  '-A OUTPUT -m comment --comment "cilium-feeder: CILIUM_OUTPUT_nat" -j CILIUM_OUTPUT_nat',
];

describe('cilium.kube-proxy-replacement', () => {
  // https://github.com/cilium/cilium/issues/17636 (rpthms).
  it('is info when the status says Strict, and says netfilter findings are blind to Services', () => {
    const f = finding(
      'KubeProxyReplacement:   Strict   [lan 192.168.168.192 2a01:4f8:c2c:b750::9472]',
      'cilium.kube-proxy-replacement',
    );
    expect(f?.severity).toBe('info');
    expect(f?.evidence.join('\n')).toMatch(/no such finding does not mean healthy/);
  });

  // https://github.com/cilium/cilium/issues/12499 and https://github.com/cilium/cilium/issues/19548.
  it('says nothing for Partial with no feature, or Disabled', () => {
    expect(ids('KubeProxyReplacement:   Partial   ()   []')).toEqual([]);
    expect(ids('KubeProxyReplacement:   Disabled')).toEqual([]);
  });

  // The filter rules: https://github.com/cilium/cilium/issues/31565 (Goorzhel, a kube-proxy-free node).
  it('is inferred from Cilium rules with a nat table that has no kube-proxy Service chain; the netfilter count is blind', () => {
    const filter = [
      '*filter',
      '-A FORWARD -m comment --comment "cilium-feeder: CILIUM_FORWARD" -j CILIUM_FORWARD',
      '-A CILIUM_FORWARD -o cilium_host -m comment --comment "cilium: any->cluster on cilium_host forward accept" -j ACCEPT',
      '-A CILIUM_FORWARD -i lxc+ -m comment --comment "cilium: cluster->any on lxc+ forward accept" -j ACCEPT',
      'COMMIT',
    ];
    const sysctl = ['net.netfilter.nf_conntrack_count = 1520', 'net.netfilter.nf_conntrack_max = 262144', ''];
    const f = finding(
      [...sysctl, '*nat', ...CILIUM_NAT, 'COMMIT', ...filter].join('\n'),
      'cilium.kube-proxy-replacement',
    );
    expect(f?.title).toMatch(/inferred from the rules/);
    expect(f?.evidence.join('\n')).toMatch(/netfilter conntrack reads 1520\/262144 entries/);
  });

  it('is not inferred from a grep of the rules (kube-proxy chains were filtered out, not absent)', () => {
    expect(ids(['node2:~# iptables-save | grep CILIUM', ...CILIUM_RAW, ...CILIUM_NAT].join('\n'))).not.toContain(
      'cilium.kube-proxy-replacement:info',
    );
  });
});
