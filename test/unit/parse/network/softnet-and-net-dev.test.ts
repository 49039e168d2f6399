import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import { itemsOf } from '../../../../src/parse/items-of.js';
import { netDevParser } from '../../../../src/parse/network/net-dev.js';
import { softnetStatParser } from '../../../../src/parse/network/softnet-stat.js';

describe('softnet-stat parser', () => {
  // https://github.com/rcbops/rpc-maas/issues/677 (2019-09-24): 10 columns, with the issue's `...` between CPUs.
  it('reads processed, dropped and time_squeeze per CPU from hex columns', () => {
    const text = [
      '# cat /proc/net/softnet_stat',
      '0073d76b 00000000 000049ae 00000000 00000000 00000000 00000000 00000000 00000000 00000000 ',
      '000000d2 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 ',
      '...',
      '0000015c 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 ',
    ].join('\n');
    const r = diagnoseText(text);
    const [item] = itemsOf(r.report, softnetStatParser);
    expect(item?.value.columns).toBe(10);
    expect(item?.value.samples[0]?.cpus.map((c) => [c.cpu, c.processed, c.dropped, c.squeezed])).toEqual([
      [0, 0x73d76b, 0, 0x49ae],
      [1, 0xd2, 0, 0],
      [2, 0x15c, 0, 0],
    ]);
  });

  it('takes the CPU number from the 13th column and starts a new reading when it does not grow', () => {
    const row = (cpu: number, dropped: number) =>
      `00001000 ${dropped.toString(16).padStart(8, '0')} 00000002 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 ${cpu.toString(16).padStart(8, '0')}`;
    const text = [row(0, 1), row(2, 5), row(0, 1), row(2, 9)].join('\n');
    const [item] = itemsOf(diagnoseText(text).report, softnetStatParser);
    expect(item?.value.samples.map((s) => s.cpus.map((c) => `${c.cpu}:${c.dropped}`))).toEqual([
      ['0:1', '2:5'],
      ['0:1', '2:9'],
    ]);
  });
});

describe('net-dev parser', () => {
  // https://man7.org/linux/man-pages/man5/proc.5.html (proc(5), /proc/net/dev example).
  const text = [
    'Inter-|   Receive                                                |  Transmit',
    ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
    '    lo: 2776770   11307    0    0    0     0          0         0  2776770   11307    0    0    0     0       0          0',
    '  eth0: 1215645    2751    0    0    0     0          0         0  1782404    4324    0    0    0   427       0          0',
    '  ppp0: 1622270    5552    1    0    0     0          0         0   354130    5669    0    0    0     0       0          0',
  ].join('\n');

  it('reads each interface line into named counters', () => {
    const r = diagnoseText(text);
    expect(r.detected).toContain('net-dev');
    const [item] = itemsOf(r.report, netDevParser);
    expect(Object.keys(item!.value.samples[0]!.ifaces)).toEqual(['lo', 'eth0', 'ppp0']);
    expect(item!.value.samples[0]!.ifaces.ppp0).toMatchObject({
      rxBytes: 1622270,
      rxPackets: 5552,
      rxErrs: 1,
      txBytes: 354130,
    });
  });

  it('starts a second reading at a repeated header or a repeated interface', () => {
    const [item] = itemsOf(diagnoseText(`${text}\n${text}`).report, netDevParser);
    expect(item?.value.samples).toHaveLength(2);
  });
});
