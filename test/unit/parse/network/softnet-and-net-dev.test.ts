import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import { itemsOf } from '../../../../src/parse/items-of.js';
import { netDevParser } from '../../../../src/parse/network/net-dev.js';
import { softnetStatParser } from '../../../../src/parse/network/softnet-stat.js';

describe('softnet-stat parser', () => {
  // https://insights-core.readthedocs.io/en/latest/shared_parsers_catalog/softnet_stat.html (SoftNetStats example, 13 columns).
  it('reads processed, dropped and time_squeeze per CPU from hex columns, the CPU from the 13th', () => {
    const text = [
      '$ cat /proc/net/softnet_stat',
      '00358fe3 00006283 00000000 00000000 00000000 00000000 00000000 00000000 00000000 000855fc 00000000 00000000 00000000',
      '00953d1a 00000446 00000000 00000000 00000000 00000000 00000000 00000000 00000000 008eeb9a 00000000 00000000 00000001',
      '02600138 00004bc7 00000000 00000000 00000000 00000000 00000000 00000000 00000000 02328493 00000000 00000000 00000002',
      '02883c47 00007e2e 00000000 00000000 00000000 00000000 00000000 00000000 00000000 02280d49 00000000 00000000 00000003',
      '01a35c9d 0002db94 00000001 00000000 00000000 00000000 00000000 00000000 00000000 008ee93a 00000000 00000000 00000004',
    ].join('\n');
    const r = diagnoseText(text);
    const [item] = itemsOf(r.report, softnetStatParser);
    expect(item?.value.columns).toBe(13);
    expect(item?.value.samples[0]?.cpus.map((c) => [c.cpu, c.dropped, c.squeezed])).toEqual([
      [0, 0x6283, 0],
      [1, 0x446, 0],
      [2, 0x4bc7, 0],
      [3, 0x7e2e, 0],
      [4, 0x2db94, 1],
    ]);
    expect(item?.value.samples[0]?.cpus[4]?.rps).toBe(0x8ee93a);
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
