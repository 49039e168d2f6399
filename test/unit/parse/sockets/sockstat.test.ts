import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import type { Sockstat } from '../../../../src/parse/sockets/sockstat.js';
import { sockstatParser } from '../../../../src/parse/sockets/sockstat.js';

const samplesOf = (text: string) =>
  diagnoseText(text).report.items.flatMap((i) => (i.kind === 'sockstat' ? (i.value as Sockstat).samples : []));

describe('sockstatParser', () => {
  // https://github.com/prometheus/node_exporter/issues/1061 (2019-05-14): pasted in single backticks.
  it('strips inline-code backticks around the paste', () => {
    const samples = samplesOf(
      [
        'Sockstat contains aggregated info already:',
        '`sockets: used 12484',
        'TCP: inuse 11950 orphan 720 tw 66669 alloc 12751 mem 516419',
        'UDP: inuse 56 mem 2',
        'FRAG: inuse 0 memory 0',
        '`',
      ].join('\n'),
    );
    expect(samples).toEqual([
      {
        socketsUsed: 12484,
        tcp: { inuse: 11950, orphan: 720, tw: 66669, alloc: 12751, mem: 516419 },
        other: { UDP: { inuse: 56, mem: 2 }, FRAG: { inuse: 0, memory: 0 } },
      },
    ]);
  });

  // https://github.com/netdata/netdata/issues/743 (2016-07-29): sockstat and sockstat6 in two fences.
  it('reads sockstat6 lines', () => {
    const { report } = diagnoseText(
      [
        '```',
        '# cat /proc/net/sockstat6',
        'TCP6: inuse 1772',
        'UDP6: inuse 40',
        'RAW6: inuse 1',
        'FRAG6: inuse 0 memory 0',
        '```',
      ].join('\n'),
    );
    expect(report.detected).toEqual(['sockstat']);
    expect((report.items[0]!.value as Sockstat).samples[0]!.other.TCP6).toEqual({ inuse: 1772 });
  });

  // https://github.com/canonical/hotsos/issues/446 (2022-10-19): prose quoting field names after the sample.
  it('does not read quoted field names in prose as a second sample', () => {
    const samples = samplesOf(
      [
        'Given an example like:',
        '',
        'sockets: used 3837',
        'TCP: inuse 28 orphan 0 tw 3 alloc 41 mem 1',
        'UDP: inuse 36 mem 20',
        '',
        'The following are per-netns:',
        '"sockets: used"',
        '"TCP: inuse" and "tw"',
      ].join('\n'),
    );
    expect(samples).toHaveLength(1);
    expect(samples[0]!.tcp).toMatchObject({ tw: 3 });
  });

  it('starts a new sample when a second reading follows', () => {
    const text = [
      'sockets: used 10',
      'TCP: inuse 1 orphan 0 tw 5 alloc 2 mem 1',
      'sockets: used 20',
      'TCP: inuse 2 orphan 0 tw 9 alloc 3 mem 1',
    ];
    const sink = sockstatParser.create({});
    for (const line of text) sink.push(line);
    expect(sink.end().value.samples.map((s) => s.tcp?.tw)).toEqual([5, 9]);
  });
});
