import { describe, expect, it } from 'vitest';
import { finding } from '../findings-of.js';

describe('route.conflicting', () => {
  // `ip route` layout of iproute2; two DHCP leases on two NICs giving the same metric (composed addresses).
  const routes = (m2: number) =>
    [
      '$ ip route',
      'default via 192.168.1.1 dev eth0 proto dhcp metric 100',
      `default via 10.0.0.1 dev eth1 proto dhcp metric ${m2}`,
      '192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.20 metric 100',
      'fe80::/64 dev eth0 proto kernel metric 256 pref medium',
      'fe80::/64 dev eth1 proto kernel metric 256 pref medium',
    ].join('\n');

  it('warns on two default routes with the same metric through different gateways', () => {
    expect(finding(routes(100), 'route.conflicting')?.evidence).toEqual([
      'default metric 100: via 192.168.1.1 dev eth0 | via 10.0.0.1 dev eth1',
    ]);
  });

  it('is quiet for different metrics (a deliberate fallback) and per-interface link-local routes', () => {
    expect(finding(routes(101), 'route.conflicting')).toBeUndefined();
  });
});
