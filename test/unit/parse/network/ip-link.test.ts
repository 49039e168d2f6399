import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import type { LinkList } from '../../../../src/parse/network/ip-link.js';
import { ipLinkParser } from '../../../../src/parse/network/ip-link.js';
import { parseWith } from '../parse-with.js';

const linksOf = (text: string) =>
  diagnoseText(text).report.items.flatMap((i) => (i.kind === 'ip-link' ? (i.value as LinkList).links : []));

describe('ipLinkParser', () => {
  // https://github.com/flannel-io/flannel/issues/841 (2017-12-07): `ip -d link show` with the vxlan detail line.
  it('reads ip -d link: vxlan id, local, lower device and port', () => {
    const links = linksOf(
      [
        '```',
        'core@ip-172-31-12-123 ~ $ ip -d link show flannel.1',
        '6: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UNKNOWN mode DEFAULT group default ',
        '    link/ether 8e:23:05:4d:c8:af brd ff:ff:ff:ff:ff:ff promiscuity 0 ',
        '    vxlan id 1 local 172.31.12.123 dev eth0 srcport 0 0 dstport 8472 nolearning ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 ',
        'core@ip-172-31-12-123 ~ $ ip -d link show eth0',
        '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9001 qdisc mq state UP mode DEFAULT group default qlen 1000',
        '    link/ether 0a:1b:aa:f3:64:00 brd ff:ff:ff:ff:ff:ff promiscuity 0 addrgenmode eui64 numtxqueues 2 numrxqueues 2 gso_max_size 65536 gso_max_segs 65535 ',
        '```',
      ].join('\n'),
    );
    expect(links).toEqual([
      {
        name: 'flannel.1',
        index: 6,
        mtu: 1500,
        state: 'UNKNOWN',
        flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
        linkType: 'ether',
        detail: 'vxlan',
        tunnel: { id: 1, local: '172.31.12.123', dev: 'eth0', port: 8472 },
        addresses: [],
      },
      expect.objectContaining({ name: 'eth0', mtu: 9001, state: 'UP', linkType: 'ether' }),
    ]);
  });

  // https://github.com/projectcalico/calicoctl/issues/1010 (2016-06-03): busybox ip addr inside a pod.
  it('reads busybox ip addr without state fields, tunl0@NONE and eth0@if32', () => {
    const links = linksOf(
      [
        '# ip addr',
        '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue ',
        '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
        '    inet 127.0.0.1/8 scope host lo',
        '2: tunl0@NONE: <NOARP> mtu 1480 qdisc noop ',
        '    link/ipip 0.0.0.0 brd 0.0.0.0',
        '31: eth0@if32: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue qlen 1000',
        '    link/ether ca:7b:89:d7:3a:5a brd ff:ff:ff:ff:ff:ff',
        '    inet 192.168.255.200/32 scope global eth0',
      ].join('\n'),
    );
    expect(links.map((l) => [l.name, l.peer, l.mtu, l.linkType, l.state, l.addresses])).toEqual([
      ['lo', undefined, 65536, 'loopback', undefined, ['127.0.0.1/8']],
      ['tunl0', 'NONE', 1480, 'ipip', undefined, []],
      ['eth0', 'if32', 1500, 'ether', undefined, ['192.168.255.200/32']],
    ]);
  });

  // https://github.com/projectcalico/calico/issues/2156 (2018-08-30): one header line without its index, unfenced.
  it('detects a header line whose index was cut off', () => {
    const links = linksOf(
      [
        'The interface is in DOWN state as shown below :',
        ' tunl0@NONE: <NOARP> mtu 1480 qdisc noop state DOWN group default qlen 1',
        '    link/ipip 0.0.0.0 brd 0.0.0.0',
      ].join('\n'),
    );
    expect(links).toEqual([expect.objectContaining({ name: 'tunl0', peer: 'NONE', mtu: 1480, state: 'DOWN' })]);
  });

  // https://github.com/projectcalico/calico/issues/9718 (2025-01-15): ip a with altname and metric, cut off.
  it('reads ip a with altname lines and a cut-off last entry', () => {
    const links = linksOf(
      [
        '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc mq state UP group default qlen 1000',
        '    link/ether fa:16:3e:34:5a:21 brd ff:ff:ff:ff:ff:ff',
        '    altname enp0s3',
        '    inet 192.168.0.88/24 metric 100 brd 192.168.0.255 scope global dynamic eth0',
        '       valid_lft 78791sec preferred_lft 78791sec',
        '4: calif4fad8d7ab0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000',
        '    link/ether ee:ee:ee:ee:ee:ee',
      ].join('\n'),
    );
    expect(links.map((l) => [l.name, l.mtu, l.addresses])).toEqual([
      ['eth0', 1450, ['192.168.0.88/24']],
      ['calif4fad8d7ab0', 1500, []],
    ]);
  });

  it('reads ip -o link and ip -br link', () => {
    const oneLine = parseWith(
      ipLinkParser,
      '3: vxlan.calico: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default \\    link/ether 66:1d:7b:4b:2e:62 brd ff:ff:ff:ff:ff:ff',
    );
    expect(oneLine.value.links[0]).toMatchObject({ name: 'vxlan.calico', mtu: 1450, linkType: 'ether' });
    const brief = parseWith(
      ipLinkParser,
      'flannel.1        UNKNOWN        8e:23:05:4d:c8:af <BROADCAST,MULTICAST,UP,LOWER_UP> ',
    );
    expect(brief.value.links[0]).toMatchObject({
      name: 'flannel.1',
      state: 'UNKNOWN',
      flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
    });
    expect(
      ipLinkParser.classify('eth0             UP             02:42:ac:11:00:02 <BROADCAST,MULTICAST,UP,LOWER_UP> '),
    ).toBe(2);
  });

  it('bounds the number of links', () => {
    const text = Array.from(
      { length: 1500 },
      (_, i) => `${i + 1}: veth${i}@if3: <BROADCAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP`,
    ).join('\n');
    const { value } = parseWith(ipLinkParser, text);
    expect(value.links.length + value.omitted).toBe(1500);
    expect(value.links.length).toBe(1000);
  });
});
