import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import { itemsOf } from '../../../../src/parse/items-of.js';
import { iptablesListParser } from '../../../../src/parse/packet-filter/iptables-list.js';
import type { RuleTally } from '../../../../src/parse/packet-filter/iptables-rules.js';
import { iptablesSaveParser, isCatchAll, packetsOf } from '../../../../src/parse/packet-filter/iptables-save.js';

function saveTally(text: string): RuleTally {
  const items = itemsOf(diagnoseText(text).report, iptablesSaveParser);
  expect(items).toHaveLength(1);
  return items[0]!.value.tally;
}

function listTally(text: string): RuleTally {
  const items = itemsOf(diagnoseText(text).report, iptablesListParser);
  expect(items).toHaveLength(1);
  return items[0]!.value.tally;
}

describe('the filter chains, their order and policies, and policy-chain counters', () => {
  // https://github.com/kubernetes/kubeadm/issues/139 (2018-01-26): iptables -S of a firewalld node.
  it('keeps INPUT/FORWARD rules in order with owner, catch-all and pod-accept marks', () => {
    const t = saveTally(
      [
        '-P FORWARD DROP',
        '-A FORWARD -m comment --comment "kubernetes forward rules" -j KUBE-FORWARD',
        '-A FORWARD -j FORWARD_IN_ZONES',
        '-A FORWARD -m conntrack --ctstate INVALID -j DROP',
        '-A FORWARD -j REJECT --reject-with icmp-host-prohibited',
        '-A FORWARD -s 10.244.0.0/16 -j ACCEPT',
      ].join('\n'),
    );
    const f = t.builtins.FORWARD!;
    expect(f.policy).toBe('DROP');
    expect(f.rules.map((r) => [r.target, r.owner, r.catchAll, r.podAccept])).toEqual([
      ['KUBE-FORWARD', 'kube-proxy', true, false],
      ['FORWARD_IN_ZONES', 'firewalld', true, false],
      ['DROP', undefined, false, false],
      ['REJECT', undefined, true, false],
      ['ACCEPT', undefined, false, true],
    ]);
  });

  // https://github.com/canonical/lxd/pull/11140 (2022-11-21): the policy from an iptables-save chain declaration.
  it('reads the policy of `:FORWARD DROP [72:11392]`', () => {
    const t = saveTally(
      ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD DROP [72:11392]', '-A FORWARD -j ts-forward', 'COMMIT'].join('\n'),
    );
    expect(t.builtins.FORWARD!.policy).toBe('DROP');
    expect(t.builtins.INPUT!.policy).toBe('ACCEPT');
  });

  // https://github.com/projectcalico/calico/issues/1129 (2017-09-25): a rule quoted inline with its counters.
  it('reads `[packets:bytes]` counters, also on a rule quoted in backticks, into policy drops', () => {
    const t = saveTally(
      '`[2:120] -A cali-po-_l2a5_DDU8iKXgoc8Dav -m comment --comment "cali:WXDWSDmbDYSTHADG" -m set ! --match-set cali4-s:uK4R6n61sYuSXSz0NO3eBIb dst -j DROP`',
    );
    expect(t.counters).toBe(true);
    expect(t.policyDrops).toMatchObject({
      count: 1,
      packets: 2,
      rules: [{ agent: 'calico', chain: 'cali-po-_l2a5_DDU8iKXgoc8Dav' }],
    });
  });

  // https://github.com/monzo/calico-accountant/pull/4 (2020-04-17): iptables -L -v counters with a K suffix.
  it('reads -L -v counters (1164K) and leaves INVALID-state drops out of policy drops', () => {
    const t = listTally(
      [
        'Chain cali-po-_iIL2GVSReX3hYOgY4sn (1 references)',
        ' pkts bytes target     prot opt in     out     source               destination',
        '1164K   70M DROP       all  --  *      *       0.0.0.0/0            1.2.3.4/8      /* cali:5MnLDRihpdsyPItp */',
      ].join('\n'),
    );
    expect(t.policyDrops.packets).toBe(1164000);
    // https://github.com/projectcalico/calico/issues/9290 (2024-09-28), the same listing without counters.
    const invalid = listTally(
      [
        'Chain cali-tw-cali11239f98883 (1 references)',
        'num  target     prot opt source               destination',
        '2    DROP       all  --  0.0.0.0/0            0.0.0.0/0            /* cali:U_uF6VQoKAohXmTC */ ctstate INVALID',
      ].join('\n'),
    );
    expect(invalid.policyDrops.count).toBe(0);
  });

  // https://github.com/ctxis/CAPE/pull/250 (2019-01-19): without -v the interfaces are not printed.
  it('never calls a rule of a listing without -v catch-all', () => {
    const t = listTally(
      [
        'Chain FORWARD (policy DROP)',
        'target     prot opt source               destination',
        'REJECT     all  --  anywhere             anywhere             reject-with icmp-port-unreachable',
      ].join('\n'),
    );
    expect(t.builtins.FORWARD!.rules[0]).toMatchObject({ target: 'REJECT', catchAll: false });
    expect(t.builtins.FORWARD!.policy).toBe('DROP');
  });

  it('isCatchAll and packetsOf on iptables -S/-save rule text', () => {
    expect(isCatchAll('-A FORWARD -j REJECT --reject-with icmp-host-prohibited')).toBe(true);
    expect(isCatchAll('-A FORWARD -o virbr0 -j REJECT --reject-with icmp-port-unreachable')).toBe(false);
    expect(isCatchAll('[0:0] -A INPUT -m comment --comment "x y" -j DROP')).toBe(true);
    expect(packetsOf('[1164:70] -A X -j DROP')).toBe(1164);
    expect(packetsOf('-A INPUT -i lo -c 123 456 -j ACCEPT')).toBe(123);
    expect(packetsOf('-A INPUT -j DROP')).toBeUndefined();
  });
});
