import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';

const mtu = (text: string) => diagnoseText(text).findings.find((f) => f.id === 'mtu.mismatch');

describe('mtu.mismatch', () => {
  // https://github.com/projectcalico/calico/issues/2072 (2018-07-15): tunl0 1440 over wg0 1420.
  it('warns when IPIP over a WireGuard underlay is too large', () => {
    const f = mtu(
      [
        '        2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast state UP group default qlen 1000',
        '        3: wg0: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1420 qdisc noqueue state UNKNOWN group default qlen 1',
        '        4: docker0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN group default ',
        '        5: cali217c693643a@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 qdisc noqueue state UP group default ',
        '        7: tunl0@NONE: <NOARP,UP,LOWER_UP> mtu 1440 qdisc noqueue state UNKNOWN group default qlen 1',
      ].join('\n'),
    );
    expect(f?.severity).toBe('warning');
    expect(f?.evidence).toEqual([
      'tunl0@NONE mtu 1440 (ipip, 20 bytes) over wg0 mtu 1420: at most 1400 fits, 40 bytes too large',
    ]);
  });

  // https://github.com/projectcalico/calico/issues/9718 (2025-01-15): cali veth 1500 over eth0 1450.
  it('warns when a pod veth is larger than the node egress', () => {
    const f = mtu(
      [
        '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc mq state UP group default qlen 1000',
        '4: calif4fad8d7ab0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000',
      ].join('\n'),
    );
    expect(f?.evidence).toEqual(['pod-side calif4fad8d7ab0@if2 mtu 1500 larger than the node egress eth0 mtu 1450']);
  });

  it('warns on a VXLAN device of 1500 over a 1500 underlay, and on cni0 above flannel.1', () => {
    const f = mtu(
      [
        'eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500',
        'flannel.1: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1450',
        'cni0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500',
      ].join('\n'),
    );
    expect(f?.evidence).toEqual(['pod-side cni0 mtu 1500 larger than the overlay flannel.1 mtu 1450']);
    const vxlan = mtu(
      'eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\nflannel.1: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500',
    );
    expect(vxlan?.evidence[0]).toContain('at most 1450 fits, 50 bytes too large');
  });

  // https://github.com/flannel-io/flannel/issues/841 (2017-12-07): flannel.1 1500 over a 9001 jumbo eth0.
  it('is info when the overlay is far below what the underlay allows', () => {
    const f = mtu(
      [
        '6: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UNKNOWN mode DEFAULT group default ',
        '    vxlan id 1 local 172.31.12.123 dev eth0 srcport 0 0 dstport 8472 nolearning ageing 300',
        '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9001 qdisc mq state UP mode DEFAULT group default qlen 1000',
      ].join('\n'),
    );
    expect(f?.severity).toBe('info');
    expect(f?.evidence[0]).toBe(
      'flannel.1 mtu 1500 (vxlan, 50 bytes) over eth0 mtu 9001: up to 8951 would fit, 7451 bytes unused per packet',
    );
  });

  // https://github.com/flannel-io/flannel/issues/1775 (2023-05-23): healthy flannel node, docker0 not running.
  // https://github.com/projectcalico/calicoctl/issues/1010 (2016-06-03): tunl0 down inside a pod.
  it('stays quiet on healthy nodes, idle docker0, and tunl0 down inside a pod', () => {
    const flannel = [
      'cni0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1450',
      'docker0: flags=4099<UP,BROADCAST,MULTICAST>  mtu 1500',
      'ens160: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500',
      'flannel.1: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1450',
      'veth16587678: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1450',
    ].join('\n');
    expect(mtu(flannel)).toBeUndefined();
    const pod = [
      '2: tunl0@NONE: <NOARP> mtu 1480 qdisc noop ',
      '    link/ipip 0.0.0.0 brd 0.0.0.0',
      '31: eth0@if32: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue qlen 1000',
    ].join('\n');
    expect(mtu(pod)).toBeUndefined();
  });

  // A kind node (and the project's lab): the node is itself a container whose underlay is the veth end eth0@ifN.
  // Node devices in the same dump (flannel.1, cni0, veth*) mean this is the node's view, not a pod's.
  it('takes eth0@ifN as the underlay when the same dump holds node devices', () => {
    const healthy = [
      '2: eth0@if27: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000',
      '    link/ether 02:42:ac:12:00:02 brd ff:ff:ff:ff:ff:ff link-netnsid 0',
      '3: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default',
      '    link/ether 6a:2f:0b:1c:3d:4e brd ff:ff:ff:ff:ff:ff',
      '4: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP mode DEFAULT group default qlen 1000',
      '    link/ether 8e:11:22:33:44:55 brd ff:ff:ff:ff:ff:ff',
      '5: vethpod@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master cni0 state UP mode DEFAULT group default qlen 1000',
      '    link/ether 9a:11:22:33:44:55 brd ff:ff:ff:ff:ff:ff link-netnsid 1',
    ];
    expect(mtu(healthy.join('\n'))).toBeUndefined();
    const tooBig = healthy.map((l) =>
      l.replace(
        '3: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450',
        '3: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500',
      ),
    );
    expect(mtu(tooBig.join('\n'))?.evidence[0]).toContain(
      'flannel.1 mtu 1500 (vxlan, 50 bytes) over eth0@if27 mtu 1500',
    );
  });

  it('uses the default-route device as the underlay when routes are in the input', () => {
    const text = [
      '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9000 qdisc mq state UP',
      '3: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP',
      '4: vxlan.calico: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 8950 qdisc noqueue state UNKNOWN',
      '$ ip route',
      'default via 10.0.0.1 dev eth1 proto dhcp',
    ].join('\n');
    expect(mtu(text)?.evidence[0]).toContain('vxlan.calico mtu 8950 (vxlan, 50 bytes) over eth1 mtu 1500');
  });
});
