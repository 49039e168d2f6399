import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import type { SsSummary } from '../../../../src/parse/sockets/ss-summary.js';
import { ssSummaryParser } from '../../../../src/parse/sockets/ss-summary.js';

describe('ssSummaryParser', () => {
  // https://github.com/toolkits/pkg/issues/2 (2020-11-02): newer (CentOS 8) and older (CentOS 6/7) iproute2 formats.
  const twoFormats = [
    'CentOS 8.X ',
    '',
    'Total: 509',
    'TCP:   129 (estab 32, closed 79, orphaned 0, timewait 17)',
    '',
    'Transport Total     IP        IPv6',
    'RAW\t  0         0         0',
    'UDP\t  6         4         2',
    'TCP\t  50        25        25',
    '',
    'CentOS 6.X  or   CentOS 7.X   ',
    '',
    'Total: 2991 (kernel 7497)',
    'TCP:   32 (estab 8, closed 5, orphaned 0, synrecv 0, timewait 4/0), ports 0',
    '',
    'Transport Total     IP        IPv6',
    '*\t  7497      -         -',
    'INET\t  45        30        15',
  ].join('\n');

  it('reads both iproute2 formats in one paste as two samples', () => {
    const { report } = diagnoseText(twoFormats);
    expect(report.detected).toEqual(['ss-summary']);
    const samples = report.items.flatMap((i) => (i.value as SsSummary).samples);
    expect(samples).toHaveLength(2);
    expect(samples[0]).toEqual({
      total: 509,
      tcp: { total: 129, estab: 32, closed: 79, orphaned: 0, timewait: 17 },
      transports: {
        RAW: { total: 0, ip: 0, ipv6: 0 },
        UDP: { total: 6, ip: 4, ipv6: 2 },
        TCP: { total: 50, ip: 25, ipv6: 25 },
      },
    });
    expect(samples[1]).toMatchObject({
      total: 2991,
      kernel: 7497,
      tcp: { total: 32, estab: 8, synrecv: 0, timewait: 4, timewaitSlab: 0, ports: 0 },
      transports: { '*': { total: 7497 }, INET: { total: 45, ip: 30, ipv6: 15 } },
    });
  });

  // https://github.com/netdata/netdata/issues/743 (2016-07-29): `# ss -s` prompt inside a fence.
  it('opens on the ss -s prompt', () => {
    const { report } = diagnoseText(
      [
        '```',
        '# ss -s',
        'Total: 4311 (kernel 4355)',
        'TCP:   4595 (estab 3548, closed 956, orphaned 8, synrecv 0, timewait 954/0), ports 0',
        '```',
      ].join('\n'),
    );
    expect(report.items[0]!.source.command).toBe('ss -s');
    expect((report.items[0]!.value as SsSummary).samples[0]!.tcp).toMatchObject({ estab: 3548, timewait: 954 });
  });

  it('scores only ss -s lines', () => {
    expect(ssSummaryParser.classify('TCP:   4567 (estab 123, closed 4000, orphaned 0, timewait 3990)')).toBe(2);
    expect(ssSummaryParser.classify('Total: 12')).toBe(1);
    expect(ssSummaryParser.classify('TCP: inuse 50 orphan 0 tw 3000 alloc 60 mem 20')).toBe(0);
    expect(ssSummaryParser.classify('Total: 12 apples')).toBe(0);
  });
});
