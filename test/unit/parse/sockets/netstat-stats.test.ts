import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import { itemsOf } from '../../../../src/parse/items-of.js';
import { type NetstatSample, netstatStatsParser } from '../../../../src/parse/sockets/netstat-stats.js';

function samples(text: string): NetstatSample[] {
  const r = diagnoseText(text);
  expect(r.detected).toContain('netstat-stats');
  return itemsOf(r.report, netstatStatsParser).flatMap((i) => i.value.samples);
}

describe('netstat-stats parser', () => {
  // https://github.com/freeformz/shh/issues/41 (2013-04-02): `netstat -s` with blank lines inside TcpExt.
  it('reads the listen-queue lines of netstat -s by their section', () => {
    const text = [
      'netstat -s',
      '',
      'Tcp:',
      '    3764018530 active connections openings',
      '    191055808 segments retransmited',
      '    49707312 resets sent',
      'TcpExt:',
      '    2397 packets pruned from receive queue because of socket buffer overrun',
      '',
      '    296549 packets rejects in established connections because of timestamp',
      '',
      '    5191585 times the listen queue of a socket overflowed',
      '    5191585 SYNs to LISTEN sockets dropped',
    ].join('\n');
    expect(samples(text)).toEqual([
      {
        counters: {
          TcpRetransSegs: 191055808,
          TcpExtPruneCalled: 2397,
          TcpExtListenOverflows: 5191585,
          TcpExtListenDrops: 5191585,
        },
      },
    ]);
  });

  // https://github.com/netdata/netdata/issues/3234 (comment by literal, 2018-09-18): `nstat -za <name>`.
  it('reads nstat lines', () => {
    expect(
      samples('# nstat -za TcpExtTCPReqQFullDrop\nTcpExtTCPReqQFullDrop           0                  0.0'),
    ).toEqual([{ counters: { TcpExtTCPReqQFullDrop: 0 } }]);
  });

  // Layout of /proc/net/netstat and /proc/net/snmp (proc(5)): a line of names, then a line of values per prefix.
  it('pairs the name and value lines of /proc/net/netstat and tells two readings apart', () => {
    const once = ['TcpExt: SyncookiesSent SyncookiesRecv ListenOverflows ListenDrops', 'TcpExt: 0 0 12 12'];
    const twice = [...once, ...once.slice(0, 1), 'TcpExt: 0 0 40 40'];
    expect(
      samples(`$ cat /proc/net/netstat\n${twice.join('\n')}`).map((s) => s.counters.TcpExtListenOverflows),
    ).toEqual([12, 40]);
  });
});
