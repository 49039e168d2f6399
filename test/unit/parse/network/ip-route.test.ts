import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import type { RouteTable } from '../../../../src/parse/network/ip-route.js';
import { ipRouteParser } from '../../../../src/parse/network/ip-route.js';
import { parseWith } from '../parse-with.js';

const routesOf = (text: string) =>
  diagnoseText(text).report.items.flatMap((i) => (i.kind === 'ip-route' ? (i.value as RouteTable).routes : []));

describe('ipRouteParser', () => {
  // https://github.com/projectcalico/calico/issues/1761 (2018-03-16): `ip r` under a bold heading, trailing spaces.
  it('reads unreachable and blackhole routes, host routes and proto', () => {
    const routes = routesOf(
      [
        '**ip r**',
        'default via 10.1.2.1 dev eth0 ',
        'unreachable 10.1.1.0/24 proto bird ',
        '10.1.2.0/24 dev eth0 proto kernel scope link src 10.1.2.95 ',
        'blackhole 192.168.219.64/26 proto bird ',
        '192.168.219.65 dev calibb2a89e60cf scope link ',
        'unreachable 192.168.235.128/26 proto bird',
        '',
        '**sudo calicoctl node status**',
        'Calico process is running.',
      ].join('\n'),
    );
    expect(routes.map((r) => [r.type, r.dst, r.via, r.dev, r.proto])).toEqual([
      ['unicast', 'default', '10.1.2.1', 'eth0', undefined],
      ['unreachable', '10.1.1.0/24', undefined, undefined, 'bird'],
      ['unicast', '10.1.2.0/24', undefined, 'eth0', 'kernel'],
      ['blackhole', '192.168.219.64/26', undefined, undefined, 'bird'],
      ['unicast', '192.168.219.65/32', undefined, 'calibb2a89e60cf', undefined],
      ['unreachable', '192.168.235.128/26', undefined, undefined, 'bird'],
    ]);
  });

  // https://github.com/projectcalico/calico/issues/9010 (2024-07): every line indented, ECMP nexthop lines, cut off.
  it('reads indented tables with multipath nexthops', () => {
    const routes = routesOf(
      [
        '    default via 10.77.4.1 dev eth0',
        '    172.27.0.0/26 via 10.83.147.147 dev tunl0 proto bird onlink',
        '    172.27.5.128/26 proto bird',
        '        nexthop via 10.77.7.160 dev eth0 weight 1',
        '        nexthop via 10.83.147.123 dev eth1 weight 1',
        '    unreachable 172.27.10.64/26 proto bird',
        '    172.27.16.128/26 v',
      ].join('\n'),
    );
    expect(routes).toHaveLength(4);
    expect(routes[1]).toMatchObject({ dst: '172.27.0.0/26', via: '10.83.147.147', dev: 'tunl0', onlink: true });
    expect(routes[2]!.nexthops).toEqual([
      { via: '10.77.7.160', dev: 'eth0', weight: 1 },
      { via: '10.83.147.123', dev: 'eth1', weight: 1 },
    ]);
  });

  // https://github.com/kubernetes/kubernetes/issues/97357 (2020-12-17): `route` without -n (names, `*` gateways).
  it('reads route / route -n tables', () => {
    const routes = routesOf(
      [
        '2.node route',
        'Kernel IP routing table',
        'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface',
        'default         gateway         0.0.0.0         UG    100    0        0 eth0',
        '10.33.188.0     *               255.255.255.0   U     100    0        0 eth0',
        '10.244.0.0      10.244.0.0      255.255.255.0   UG    0      0        0 flannel.1',
        '10.244.1.0      *               255.255.255.0   U     0      0        0 cni0',
      ].join('\n'),
    );
    expect(routes.map((r) => [r.dst, r.via, r.dev])).toEqual([
      ['default', 'gateway', 'eth0'],
      ['10.33.188.0/24', undefined, 'eth0'],
      ['10.244.0.0/24', '10.244.0.0', 'flannel.1'],
      ['10.244.1.0/24', undefined, 'cni0'],
    ]);
  });

  // https://github.com/deckhouse/deckhouse/issues/2270 (2022-08-19): netstat -rn columns (MSS Window irtt).
  it('reads netstat -rn behind a prompt', () => {
    const { report } = diagnoseText(
      [
        '```',
        '# netstat -rn',
        'Kernel IP routing table',
        'Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface',
        '0.0.0.0         179.43.156.5    0.0.0.0         UG        0 0          0 eth0',
        '10.111.6.0      0.0.0.0         255.255.255.0   U         0 0          0 cni0',
        '```',
      ].join('\n'),
    );
    expect(report.detected).toEqual(['ip-route']);
    expect((report.items[0]!.value as RouteTable).routes.map((r) => r.dst)).toEqual(['default', '10.111.6.0/24']);
  });

  it('reads table all entries, IPv6 routes and reject flags', () => {
    const { value } = parseWith(
      ipRouteParser,
      [
        'local 10.0.0.5 dev eth0 table local proto kernel scope host src 10.0.0.5',
        'broadcast 10.0.0.255 dev eth0 table local proto kernel scope link src 10.0.0.5',
        'fe80::/64 dev eth0 proto kernel metric 256 pref medium',
        'unreachable ::/96 dev lo metric 1024 error -113 pref medium',
        '10.233.64.0     -               255.255.255.192 !     0      -        0 -',
      ].join('\n'),
    );
    expect(value.routes.map((r) => [r.type, r.dst, r.table, r.family])).toEqual([
      ['local', '10.0.0.5/32', 'local', 4],
      ['broadcast', '10.0.0.255/32', 'local', 4],
      ['unicast', 'fe80::/64', undefined, 6],
      ['unreachable', '::/96', undefined, 6],
      ['reject', '10.233.64.0/26', undefined, 4],
    ]);
  });

  it('leaves neighbour entries and prose alone', () => {
    expect(ipRouteParser.classify('10.0.0.6 dev eth0 lladdr 52:54:00:12:34:56 REACHABLE')).toBe(0);
    expect(ipRouteParser.classify('default settings are fine')).toBe(0);
    expect(ipRouteParser.classify('10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink')).toBe(2);
  });
});
