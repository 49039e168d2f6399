import { describe, expect, it } from 'vitest';
import { collectorReport } from '../conntrack/report-text.js';
import { finding, ids } from '../findings-of.js';

describe('sockets.listen-overflow', () => {
  // https://github.com/freeformz/shh/issues/41 (2013-04-02)
  const netstat = [
    '$ netstat -s',
    'TcpExt:',
    '    5191585 times the listen queue of a socket overflowed',
    '    5191585 SYNs to LISTEN sockets dropped',
  ].join('\n');

  it('warns on millions of overflows since boot, quoting both counters', () => {
    const f = finding(netstat, 'sockets.listen-overflow');
    expect(f?.severity).toBe('warning');
    expect(f?.evidence).toEqual([
      '5191585 times the listen queue of a socket overflowed (ListenOverflows) since boot',
      '5191585 SYNs to LISTEN sockets dropped (ListenDrops) since boot',
    ]);
    expect(f?.fix).toContain('net.core.somaxconn');
  });

  it('gives only info for a few overflows since boot, nothing for none', () => {
    expect(ids(netstat.replaceAll('5191585', '12'))).toEqual(['sockets.listen-overflow:info']);
    expect(ids(netstat.replaceAll('5191585', '0'))).toEqual([]);
  });

  it('warns when the counter rises between two collector readings, with the rate', () => {
    const text = collectorReport([
      { name: 'netstat-1', kind: 'netstat-stats', at: 1732380000, body: ['TcpExtListenOverflows  40  0.0'] },
      { name: 'netstat-2', kind: 'netstat-stats', at: 1732380005, body: ['TcpExtListenOverflows  90  0.0'] },
    ]);
    const f = finding(text, 'sockets.listen-overflow');
    expect(f?.severity).toBe('warning');
    expect(f?.evidence[0]).toContain('+50 in 5 s (10.0/s), 90 since boot');
    const flat = text.replace('  90  0.0', '  40  0.0');
    expect(finding(flat, 'sockets.listen-overflow')?.severity).toBe('info');
  });

  // https://github.com/netdata/netdata/issues/3234 (2018-09-18): the kernel's SYN-flood notice of a busy listener.
  it('reads the kernel notice "Possible SYN flooding on port" as a listen-queue overflow', () => {
    const f = finding(
      'Sep 18 10:00:01 host kernel: [859231.771412] TCP: request_sock_TCP: Possible SYN flooding on port 443. Sending cookies.  Check SNMP counters.',
      'sockets.listen-overflow',
    );
    expect(f?.severity).toBe('warning');
  });
});

describe('sockets.tcp-out-of-memory from counters', () => {
  it('warns on TCPAbortOnMemory since boot, critical when it rises', () => {
    expect(ids('TcpExtTCPAbortOnMemory          1520               0.0')).toEqual([
      'sockets.tcp-out-of-memory:warning',
    ]);
    const text = collectorReport([
      { name: 'netstat-1', kind: 'netstat-stats', at: 1, body: ['TcpExtTCPAbortOnMemory 1520 0.0'] },
      { name: 'netstat-2', kind: 'netstat-stats', at: 6, body: ['TcpExtTCPAbortOnMemory 1600 0.0'] },
    ]);
    expect(finding(text, 'sockets.tcp-out-of-memory')?.severity).toBe('critical');
  });
});
