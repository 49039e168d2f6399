import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import type { LinkList } from '../../../../src/parse/network/ip-link.js';

const linksOf = (text: string) =>
  diagnoseText(text).report.items.flatMap((i) => (i.kind === 'ifconfig' ? (i.value as LinkList).links : []));

describe('ifconfigParser', () => {
  // https://github.com/flannel-io/flannel/issues/1775 (2023-05-23): `ifconfig | grep mtu`, first lines only.
  it('reads net-tools 2.x header lines', () => {
    const links = linksOf(
      [
        '```',
        'ifconfig | grep mtu',
        'cni0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1450',
        'docker0: flags=4099<UP,BROADCAST,MULTICAST>  mtu 1500',
        'flannel.1: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1450',
        '```',
      ].join('\n'),
    );
    expect(links.map((l) => [l.name, l.mtu, l.flags.includes('RUNNING')])).toEqual([
      ['cni0', 1450, true],
      ['docker0', 1500, false],
      ['flannel.1', 1450, true],
    ]);
  });

  // https://github.com/flannel-io/flannel/issues/603 (2017-02-03): old net-tools format, cut off mid-block.
  it('reads the old `Link encap` format', () => {
    const links = linksOf(
      [
        'docker0   Link encap:Ethernet  HWaddr 02:42:60:59:16:82',
        '          inet addr:9.5.208.1  Bcast:0.0.0.0  Mask:255.255.240.0',
        '          UP BROADCAST RUNNING MULTICAST  MTU:1472  Metric:1',
        '          RX packets:238 errors:0 dropped:0 overruns:0 frame:0',
        '',
        'eth0      Link encap:Ethernet  HWaddr 00:16:3e:0d:54:ac',
        '          inet addr:192.168.0.28  Bcast:192.168.0.255  Mask:255.255.255.0',
        '          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1',
        '          RX packets:2630697 errors:0 dropped:0 overruns:0 frame',
      ].join('\n'),
    );
    expect(links).toEqual([
      {
        name: 'docker0',
        mtu: 1472,
        state: 'UP',
        flags: ['UP', 'BROADCAST', 'RUNNING', 'MULTICAST'],
        linkType: 'ether',
        addresses: ['9.5.208.1'],
      },
      {
        name: 'eth0',
        mtu: 1500,
        state: 'UP',
        flags: ['UP', 'BROADCAST', 'RUNNING', 'MULTICAST'],
        linkType: 'ether',
        addresses: ['192.168.0.28'],
      },
    ]);
  });

  // https://github.com/flannel-io/flannel/issues/1029 (2018-08-15): full net-tools 2.x block.
  it('reads addresses and the link type of a full block', () => {
    const links = linksOf(
      [
        'flannel.1: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1450',
        '        inet 172.20.4.0  netmask 255.255.255.255  broadcast 0.0.0.0',
        '        inet6 fe80::30ff:59ff:fe78:9a8a  prefixlen 64  scopeid 0x20<link>',
        '        ether 32:ff:59:78:9a:8a  txqueuelen 0  (Ethernet)',
      ].join('\n'),
    );
    expect(links[0]).toMatchObject({
      name: 'flannel.1',
      mtu: 1450,
      linkType: 'ether',
      addresses: ['172.20.4.0', 'fe80::30ff:59ff:fe78:9a8a'],
    });
  });
});
