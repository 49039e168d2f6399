import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import type { IpMonitor } from '../../../../src/parse/network/ip-monitor.js';
import { ipMonitorParser } from '../../../../src/parse/network/ip-monitor.js';
import { parseWith } from '../parse-with.js';

describe('ipMonitorParser', () => {
  // https://github.com/projectcalico/bird/issues/61 (2018-06-28): `Timestamp:` lines, `[nsid current]`, cut off.
  const bird = [
    'Timestamp: Thu Jun 28 11:37:36 2018 770451 us',
    '[nsid current]10.10.78.0/26 via 192.168.2.1 dev enp6s0  proto bird ',
    'Timestamp: Thu Jun 28 11:37:36 2018 770686 us',
    '[nsid current]blackhole 10.10.213.64/26  proto bird ',
    'Timestamp: Thu Jun 28 11:37:37 2018 772002 us',
    '[nsid current]Deleted 10.10.78.0/26 via 192.168.2.1 dev enp6s0  proto bird ',
    'Timestamp: Thu Jun 28 11:37:37 2018 772105 us',
    '[nsid current]Deleted blackhole 10.10.213.64/26  proto bird ',
    'Timestamp: Thu Jun 28 11:37:37 2018 772290 us',
    '[nsid current]10.10.78.0/26 via 192.168.2.1 dev enp6s0  proto bird ',
    'Timestamp: Thu Jun 28 11:37:39 2018 775031 us',
    '[nsid current]Deleted 10.10.78.0/26 via 192.168.2.1 dev enp6s0  proto bird ',
    'Timestamp: Thu Jun 28 11:37:39 2018 775117 us',
    '[nsid current]D',
  ].join('\n');

  it('tracks deletions and re-additions per route with timestamps', () => {
    const { report } = diagnoseText(bird);
    expect(report.detected).toEqual(['ip-monitor']);
    const value = report.items[0]!.value as IpMonitor;
    const route = value.routes.find((r) => r.key === '10.10.78.0/26')!;
    expect(route).toMatchObject({ adds: 2, deletes: 2, readds: 1, changes: 3 });
    expect(route.lastAt! - route.firstAt!).toBe(3005);
    expect(value.routes.find((r) => r.key === 'blackhole 10.10.213.64/26')).toMatchObject({ adds: 1, deletes: 1 });
  });

  it('reads ip -ts monitor prefixes and counts link and neighbour events', () => {
    const { value } = parseWith(
      ipMonitorParser,
      [
        '[2024-01-01T12:00:00.123456] [ROUTE]Deleted 10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink ',
        '[2024-01-01T12:00:01.123456] [ROUTE]10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink ',
        '[2024-01-01T12:00:01.200000] [NEIGH]10.0.0.6 dev eth0 lladdr 52:54:00:12:34:56 REACHABLE',
        '[2024-01-01T12:00:02.000000] [LINK]3: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN ',
      ].join('\n'),
      'ip -ts monitor all',
    );
    expect(value.routes).toEqual([
      expect.objectContaining({ key: '10.244.1.0/24', deletes: 1, adds: 1, readds: 1, changes: 1 }),
    ]);
    expect(value.otherEvents).toBe(2);
    expect(value.lastAt! - value.firstAt!).toBe(1877);
  });

  it('only Deleted/timestamped lines start a monitor block', () => {
    expect(ipMonitorParser.classify('Deleted 10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink')).toBe(2);
    expect(ipMonitorParser.classify('10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink')).toBe(1);
    expect(ipMonitorParser.classify('Deleted the old pod')).toBe(0);
    expect(ipMonitorParser.classify('nothing here')).toBe(0);
  });
});
