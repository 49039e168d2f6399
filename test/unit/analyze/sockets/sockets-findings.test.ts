import { describe, expect, it } from 'vitest';
import { finding } from '../findings-of.js';

describe('sockets.time-wait-high', () => {
  // https://github.com/prometheus/node_exporter/issues/1061 (2019-05-14)
  const sockstat = [
    'sockets: used 12484',
    'TCP: inuse 11950 orphan 720 tw 66669 alloc 12751 mem 516419',
    'UDP: inuse 56 mem 2',
  ].join('\n');

  it('fires on sockstat tw far above inuse, quoting both numbers', () => {
    const f = finding(sockstat, 'sockets.time-wait-high');
    expect(f?.severity).toBe('warning');
    expect(f?.evidence[0]).toBe(
      'sockstat: TIME_WAIT 66669 vs 11950 inuse (5.6x); more than half of even the widest ephemeral port range (32256 of 1024-65535)',
    );
  });

  // https://github.com/netdata/netdata/issues/743 (2016-07-29): healthy busy host.
  it('stays quiet for a healthy ss -s', () => {
    const ss = [
      'Total: 4311 (kernel 4355)',
      'TCP:   4595 (estab 3548, closed 956, orphaned 8, synrecv 0, timewait 954/0), ports 0',
    ].join('\n');
    expect(finding(ss, 'sockets.time-wait-high')).toBeUndefined();
  });

  it('fires on ss -s when TIME_WAIT exceeds 5x established, not below', () => {
    const ss = (tw: number) => `Total: 5000\nTCP:   ${tw + 130} (estab 120, closed ${tw}, orphaned 0, timewait ${tw})`;
    expect(finding(ss(3990), 'sockets.time-wait-high')?.evidence[0]).toContain('TIME_WAIT 3990 vs 120 estab (33.3x)');
    expect(finding(ss(900), 'sockets.time-wait-high')).toBeUndefined();
  });

  it('uses net.ipv4.ip_local_port_range from a sysctl item', () => {
    const text = [
      '$ sysctl net.ipv4.ip_local_port_range',
      'net.ipv4.ip_local_port_range = 40000\t45000',
      '$ ss -s',
      'Total: 9000',
      'TCP:   9000 (estab 3000, closed 2600, orphaned 0, timewait 2600)',
    ].join('\n');
    const f = finding(text, 'sockets.time-wait-high');
    expect(f?.evidence[0]).toContain('more than half of ip_local_port_range 40000-45000 (5001 ports)');
    expect(finding(text.replace('40000\t45000', '1024\t65535'), 'sockets.time-wait-high')).toBeUndefined();
  });
});

describe('sockets.orphans-high', () => {
  // https://github.com/geekgao/articles/issues/7 (2018-09-03): orphans above tcp_max_orphans.
  const sockstat = 'sockets: used 39845\nTCP: inuse 125217 orphan 65738 tw 103758 alloc 121429 mem 22016';

  it('needs the limit, then is critical above it', () => {
    expect(finding(sockstat, 'sockets.orphans-high')).toBeUndefined();
    const f = finding(
      `$ sysctl net.ipv4.tcp_max_orphans\nnet.ipv4.tcp_max_orphans = 65536\n$ cat /proc/net/sockstat\n${sockstat}`,
      'sockets.orphans-high',
    );
    expect(f?.severity).toBe('critical');
    expect(f?.evidence[0]).toBe('sockstat: 65738 orphaned TCP sockets vs net.ipv4.tcp_max_orphans = 65536');
  });
});
