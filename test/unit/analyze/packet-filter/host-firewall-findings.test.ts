import { describe, expect, it } from 'vitest';
import { finding, ids } from '../findings-of.js';

describe('host firewall order, FORWARD policy and NetworkPolicy drops', () => {
  // https://github.com/kubernetes/kubeadm/issues/139 (2018-01-26)
  const FIREWALLD_FORWARD = [
    '-A FORWARD -m comment --comment "kubernetes forward rules" -j KUBE-FORWARD',
    '-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    '-A FORWARD -j FORWARD_direct',
    '-A FORWARD -j FORWARD_IN_ZONES',
    '-A FORWARD -m conntrack --ctstate INVALID -j DROP',
    '-A FORWARD -j REJECT --reject-with icmp-host-prohibited',
    '-A FORWARD -s 10.244.0.0/16 -j ACCEPT',
  ];

  it("iptables.host-firewall-first: firewalld's REJECT before flannel's pod-CIDR accept", () => {
    const f = finding(FIREWALLD_FORWARD.join('\n'), 'iptables.host-firewall-first')!;
    expect(f.severity).toBe('warning');
    expect(f.evidence[0]).toContain(
      'FORWARD: `-A FORWARD -j REJECT --reject-with icmp-host-prohibited` comes before `-A FORWARD -s 10.244.0.0/16 -j ACCEPT`',
    );
  });

  it('no host-firewall-first when the reject is the last rule, or on a host without Kubernetes', () => {
    expect(ids(FIREWALLD_FORWARD.slice(0, -1).join('\n'))).toEqual([]);
    // https://github.com/vieyahn2017/iBlog/issues/301 (2019-07-14): libvirt's accept of its LAN after a reject.
    expect(
      ids(
        ['-A FORWARD -j REJECT --reject-with icmp-host-prohibited', '-A FORWARD -s 192.168.122.0/24 -j ACCEPT'].join(
          '\n',
        ),
      ),
    ).toEqual([]);
  });

  // https://github.com/kubernetes/kubernetes/issues/108718 (2022-03-16)
  const POLICY_DROP = [
    'Chain FORWARD (policy DROP 2947 packets, 248K bytes)',
    ' pkts bytes target     prot opt in     out     source               destination         ',
    ' 9704  815K KUBE-FORWARD  all  --  any    any     anywhere             anywhere             /* kubernetes forwarding rules */',
    ' 9704  815K KUBE-SERVICES  all  --  any    any     anywhere             anywhere             ctstate NEW /* kubernetes service portals */',
  ];

  it('iptables.forward-drop-policy: policy DROP with only kube-proxy jumps in FORWARD', () => {
    const f = finding(POLICY_DROP.join('\n'), 'iptables.forward-drop-policy')!;
    expect(f.severity).toBe('warning');
    expect(f.evidence[0]).toContain('FORWARD policy DROP; its 2 rules jump to KUBE-FORWARD, KUBE-SERVICES');
  });

  it('no forward-drop-policy when the CNI accepts in FORWARD, or on a Docker-only host', () => {
    // The FORWARD rules of https://github.com/k3s-io/k3s/issues/1104 (2019-11-19), k3s accepting its pod CIDR, with
    // the policy set to DROP (as Docker sets it) to show that the accept is seen.
    expect(
      ids(
        [
          '-P FORWARD DROP',
          '-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD',
          '-A FORWARD -s 10.42.0.0/16 -j ACCEPT',
          '-A FORWARD -d 10.42.0.0/16 -j ACCEPT',
        ].join('\n'),
      ),
    ).toEqual([]);
    // https://github.com/canonical/lxd/pull/11140 (2022-11-21)
    expect(ids(['*filter', ':FORWARD DROP [72:11392]', '-A FORWARD -j DOCKER-USER', 'COMMIT'].join('\n'))).toEqual([]);
  });

  // https://github.com/projectcalico/calico/issues/1129 (2017-09-25)
  it('networkpolicy.drops: packets on a Calico policy DROP; none when the counter is zero', () => {
    const rule =
      '-A cali-po-_l2a5_DDU8iKXgoc8Dav -m comment --comment "cali:WXDWSDmbDYSTHADG" -m set ! --match-set cali4-s:uK4R6n61sYuSXSz0NO3eBIb dst -j DROP';
    const f = finding(`[2:120] ${rule}`, 'networkpolicy.drops')!;
    expect(f.severity).toBe('warning');
    expect(f.title).toBe('NetworkPolicy is dropping traffic (calico policy chains: 2 packets)');
    expect(ids(`[0:0] ${rule}`)).toEqual([]);
  });
});

describe('forward-drop-policy in a collector report that left rules out', () => {
  // The rules of https://github.com/kubernetes/kubernetes/issues/108718 (2022-03-16) as the collector's iptables-nat
  // section prints them: the filter table's FORWARD kept whole, other chains' rules omitted.
  it('still reads a FORWARD chain shorter than the collector keeps', () => {
    const text = [
      '*filter',
      ':FORWARD DROP [2947:248000]',
      '-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD',
      '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '# netcheck: omitted 12 rules',
      'COMMIT',
    ].join('\n');
    expect(ids(text)).toEqual(['iptables.forward-drop-policy:warning']);
  });
});
