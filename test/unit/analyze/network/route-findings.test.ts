import { describe, expect, it } from 'vitest';
import { finding } from '../findings-of.js';

describe('route.unreachable', () => {
  // https://github.com/projectcalico/bird/issues/31 (2017-03-22): a remote block unreachable next to the local blackhole.
  const gce = [
    'root@turk-kubeadm-xxx:/home/turk# ip route',
    'default via 10.240.0.1 dev ens4 ',
    '10.240.0.1 dev ens4  scope link ',
    'unreachable 192.168.11.128/26  proto bird ',
    'blackhole 192.168.133.0/26  proto bird ',
  ].join('\n');

  it('is critical for an unreachable route installed by BIRD', () => {
    const f = finding(gce, 'route.unreachable');
    expect(f?.severity).toBe('critical');
    expect(f?.evidence).toHaveLength(1);
    expect(f?.evidence[0]).toMatch(/^unreachable 192\.168\.11\.128\/26 proto bird: installed by the routing daemon/);
  });

  // https://github.com/projectcalico/calico/issues/8953 (2024-07-07): the node's own blackhole block only.
  it('leaves the local blackhole block, kernel IPv6 entries and VRF catch-alls alone', () => {
    const calico = [
      'default via 10.220.10.250 dev ifcfg-team0 proto static metric 350',
      '10.96.5.128/26 via 10.100.99.22 dev tunl0 proto bird onlink',
      'blackhole 10.96.66.192/26 proto bird',
    ].join('\n');
    expect(finding(calico, 'route.unreachable')).toBeUndefined();
    expect(
      finding('$ ip -6 route\nunreachable ::/96 dev lo metric 1024 error -113 pref medium', 'route.unreachable'),
    ).toBeUndefined();
    expect(
      finding('$ ip route show table all\nunreachable default table 10 metric 4278198272', 'route.unreachable'),
    ).toBeUndefined();
  });

  it('is critical for a hand-made unreachable route over a next hop, warning otherwise', () => {
    const f = finding(
      'default via 10.0.0.1 dev eth0\n10.244.1.0/24 via 10.0.0.6 dev flannel.1 onlink\nunreachable 10.0.0.0/29',
      'route.unreachable',
    );
    expect(f?.severity).toBe('critical');
    expect(f?.evidence[0]).toContain('covers the next hop 10.0.0.1 of default');
    expect(finding('default via 10.0.0.1 dev eth0\nprohibit 203.0.113.0/24', 'route.unreachable')?.severity).toBe(
      'warning',
    );
  });
});

describe('route.missing-pod-route', () => {
  // https://github.com/flannel-io/flannel/issues/1029 (2018-08-15): a complete flannel table (own subnet on cni0).
  const flannel = [
    '[root@node3 dev]# ip route',
    'default via 192.168.56.1 dev eno2 proto static metric 100',
    '172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1',
    '172.20.0.0/24 via 172.20.0.0 dev flannel.1 onlink',
    '172.20.1.0/24 via 172.20.1.0 dev flannel.1 onlink',
    '172.20.2.0/24 via 172.20.2.0 dev flannel.1 onlink',
    '172.20.3.0/24 via 172.20.3.0 dev flannel.1 onlink',
    '172.20.4.0/24 dev cni0 proto kernel scope link src 172.20.4.1',
    '172.20.5.0/24 via 172.20.5.0 dev flannel.1 onlink',
    '192.168.56.0/24 dev eno2 proto kernel scope link src 192.168.56.74 metric 100',
  ].join('\n');

  it('stays quiet for a complete series', () => {
    expect(finding(flannel, 'route.missing-pod-route')).toBeUndefined();
  });

  it('warns about a hole in the flannel series (the same table with one route removed)', () => {
    const f = finding(
      flannel.replace('172.20.2.0/24 via 172.20.2.0 dev flannel.1 onlink\n', ''),
      'route.missing-pod-route',
    );
    expect(f?.severity).toBe('warning');
    expect(f?.evidence[0]).toBe(
      '5 per-node /24 pod routes (flannel.1), own block 172.20.4.0/24, from 172.20.0.0/24 to 172.20.5.0/24; no route for 172.20.2.0/24',
    );
    expect(f?.evidence[1]).toContain('deleted');
  });

  // https://github.com/projectcalico/calico/issues/8953 (2024-07-07): sparse Calico IPAM blocks are not gaps.
  // https://github.com/flannel-io/flannel/issues/1034 (2018-08-30): "Some of the nodes are missing ip routes".
  // 10.42.7/8 are lost routes; the 23 blocks 15..37 belong to nodes gone with a replaced node pool.
  it('finds short holes next to a long run of removed nodes', () => {
    const present = [0, 1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 14, 38, 40, 41, 42, 43, 44, 45];
    const text = [
      '[root@kube-aws-dev-node-1a11 centos]# ip route',
      'default via 10.xx.xx.1 dev eth0 proto dhcp metric 100 ',
      ...present.map((n) => `10.42.${n}.0/24 via 10.42.${n}.0 dev flannel.1 onlink `),
      '10.42.39.0/24 dev cni0 proto kernel scope link src 10.42.39.1 ',
    ].join('\n');
    const f = finding(text, 'route.missing-pod-route');
    expect(f?.severity).toBe('warning');
    expect(f?.evidence[0]).toContain('no route for 10.42.7.0/24, 10.42.8.0/24 (a run of 23 absent blocks left aside');
  });

  it('ignores sparse IPAM blocks', () => {
    const calico = [
      '10.96.5.128/26 via 10.100.99.22 dev tunl0 proto bird onlink',
      '10.96.7.128/26 via 10.220.10.31 dev tunl0 proto bird onlink',
      '10.96.7.192/26 via 10.220.10.31 dev tunl0 proto bird onlink',
      '10.96.52.192/26 via 10.230.10.20 dev tunl0 proto bird onlink',
      'blackhole 10.96.66.192/26 proto bird',
    ].join('\n');
    expect(finding(calico, 'route.missing-pod-route')).toBeUndefined();
  });
});

describe('route.flapping', () => {
  // https://github.com/projectcalico/bird/issues/61 (2018-06-28)
  const monitor = [
    'Timestamp: Thu Jun 28 11:37:36 2018 770451 us',
    '[nsid current]10.10.78.0/26 via 192.168.2.1 dev enp6s0  proto bird ',
    'Timestamp: Thu Jun 28 11:37:37 2018 772002 us',
    '[nsid current]Deleted 10.10.78.0/26 via 192.168.2.1 dev enp6s0  proto bird ',
    'Timestamp: Thu Jun 28 11:37:37 2018 772290 us',
    '[nsid current]10.10.78.0/26 via 192.168.2.1 dev enp6s0  proto bird ',
    'Timestamp: Thu Jun 28 11:37:39 2018 775031 us',
    '[nsid current]Deleted 10.10.78.0/26 via 192.168.2.1 dev enp6s0  proto bird ',
  ].join('\n');

  it('is critical when routes come and go within seconds', () => {
    const f = finding(monitor, 'route.flapping');
    expect(f?.severity).toBe('critical');
    expect(f?.evidence[0]).toMatch(/^10\.10\.78\.0\/26: deleted 2x, re-added 1x within 3\.0 s/);
  });

  it('does not fire on one replacement', () => {
    const once = [
      'Deleted 10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink',
      '10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink',
    ].join('\n');
    expect(finding(once, 'route.flapping')).toBeUndefined();
  });
});
