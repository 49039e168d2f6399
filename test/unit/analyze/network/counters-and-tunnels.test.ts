import { describe, expect, it } from 'vitest';
import { collectorReport } from '../conntrack/report-text.js';
import { finding, ids } from '../findings-of.js';

const hex = (n: number) => n.toString(16).padStart(8, '0');
const softnet = (rows: [number, number, number][]) =>
  rows.map(
    ([p, d, s], cpu) =>
      `${hex(p)} ${hex(d)} ${hex(s)} 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 ${hex(cpu)}`,
  );

describe('network.softnet-drops and network.softnet-squeeze', () => {
  it('is quiet on one reading with squeezes and no drops', () => {
    expect(
      ids(
        softnet([
          [90000, 0, 18000],
          [500, 0, 0],
        ]).join('\n'),
      ),
    ).toEqual([]);
  });

  it('one reading: drops since boot are info, many are a warning', () => {
    expect(
      ids(
        softnet([
          [1000, 20, 0],
          [1000, 0, 0],
        ]).join('\n'),
      ),
    ).toEqual(['network.softnet-drops:info']);
    expect(
      ids(
        softnet([
          [100000, 5000, 0],
          [1000, 0, 0],
        ]).join('\n'),
      ),
    ).toEqual(['network.softnet-drops:warning']);
  });

  it('two collector readings: rising drops are critical per CPU, squeezes by rate', () => {
    const text = collectorReport([
      {
        name: 'softnet-1',
        kind: 'softnet-stat',
        at: 100,
        body: softnet([
          [1000, 20, 10],
          [1000, 0, 0],
        ]),
      },
      {
        name: 'softnet-2',
        kind: 'softnet-stat',
        at: 105,
        body: softnet([
          [9000, 80, 500],
          [2000, 0, 0],
        ]),
      },
    ]);
    const drops = finding(text, 'network.softnet-drops');
    expect(drops?.severity).toBe('critical');
    expect(drops?.evidence[0]).toBe('softnet_stat dropped +60 in 5 s (12.0/s) over 2 CPUs (cpu0 60)');
    expect(finding(text, 'network.softnet-squeeze')?.severity).toBe('warning');
    const calm = text.replace(hex(80), hex(20)).replace(hex(500), hex(12));
    expect(ids(calm)).toEqual(expect.arrayContaining(['network.softnet-drops:info', 'network.softnet-squeeze:info']));
  });
});

describe('network.interface-errors and network.interface-rates', () => {
  const head = [
    'Inter-|   Receive                                                |  Transmit',
    ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
  ];
  const dev = (rxBytes: number, rxPkts: number, errs: number, drop: number) => [
    ...head,
    `  eth0: ${rxBytes} ${rxPkts} ${errs} ${drop} 0 0 0 0 5000 50 0 0 0 0 0 0`,
    '    lo: 100 1 0 0 0 0 0 0 100 1 0 0 0 0 0 0',
  ];

  it('reports rates and errors rising between two readings; background drops are not a warning', () => {
    const report = (errs: number, drop: number) =>
      collectorReport([
        { name: 'net-dev-1', kind: 'net-dev', at: 10, body: dev(1_000_000, 1000, 0, 0) },
        { name: 'net-dev-2', kind: 'net-dev', at: 15, body: dev(126_000_000, 90000, errs, drop) },
      ]);
    const text = report(7, 40);
    expect(ids(text)).toEqual(['network.interface-errors:warning', 'network.interface-rates:info']);
    expect(finding(text, 'network.interface-errors')?.evidence[0]).toBe(
      'eth0: rxErrs +7 in 5 s (of 89000 rx / 0 tx packets)',
    );
    expect(finding(text, 'network.interface-rates')?.evidence).toEqual(['eth0: rx 200.0 Mbit/s, tx 0.0 kbit/s']);
    expect(ids(report(0, 40))).toEqual(['network.interface-rates:info']);
    expect(ids(report(0, 4000))).toEqual(['network.interface-errors:warning', 'network.interface-rates:info']);
  });

  it('says nothing from one reading', () => {
    expect(ids(dev(1, 1, 5, 5).join('\n'))).toEqual([]);
  });
});

describe('network.tunnel-down and network.tunnel-wrong-device', () => {
  it('warns on flannel.1 set down, not on the UNKNOWN state of a working VXLAN device', () => {
    const down = '5: flannel.1: <BROADCAST,MULTICAST> mtu 1450 qdisc noqueue state DOWN mode DEFAULT group default';
    const up =
      '5: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default';
    expect(finding(down, 'network.tunnel-down')?.evidence).toEqual(['flannel.1: <BROADCAST,MULTICAST> state DOWN']);
    expect(ids(up)).toEqual([]);
  });

  it('flags tunl0 down only when routes send traffic into it', () => {
    const link =
      '3: tunl0@NONE: <NOARP> mtu 1480 qdisc noop state DOWN group default qlen 1000\n    link/ipip 0.0.0.0 brd 0.0.0.0';
    expect(ids(link)).toEqual([]);
    const routes = '$ ip route\n10.244.1.0/26 via 192.168.1.12 dev tunl0 proto bird onlink';
    expect(finding(`$ ip link\n${link}\n${routes}`, 'network.tunnel-down')?.severity).toBe('warning');
  });

  it('flags a VXLAN device whose local address lives on another interface than its dev', () => {
    const text = [
      '$ ip -d addr',
      '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000',
      '    link/ether 52:54:00:aa:bb:cc brd ff:ff:ff:ff:ff:ff',
      '    inet 10.0.2.15/24 brd 10.0.2.255 scope global eth0',
      '3: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000',
      '    link/ether 52:54:00:dd:ee:ff brd ff:ff:ff:ff:ff:ff',
      '    inet 192.168.56.11/24 brd 192.168.56.255 scope global eth1',
      '4: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN group default',
      '    link/ether 6a:1f:9e:00:11:22 brd ff:ff:ff:ff:ff:ff promiscuity 0',
      '    vxlan id 1 local 192.168.56.11 dev eth0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300',
    ].join('\n');
    expect(finding(text, 'network.tunnel-wrong-device')?.evidence).toEqual([
      'flannel.1: vxlan local 192.168.56.11 dev eth0, but 192.168.56.11 is on eth1',
    ]);
    expect(
      finding(text.replace('dev eth0 srcport', 'dev eth1 srcport'), 'network.tunnel-wrong-device'),
    ).toBeUndefined();
  });
});
