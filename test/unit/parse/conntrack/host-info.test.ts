import { describe, expect, it } from 'vitest';
import { type HostInfoValue, hostInfoParser } from '../../../../src/parse/conntrack/host-info.js';
import { parseLines } from '../parse-with.js';

describe('host-info parser', () => {
  it('reads the collector basics section (key=value lines, src/collector/collector.sh)', () => {
    const v = parseLines<HostInfoValue>(hostInfoParser, [
      'hostname=node-7',
      'kernel=6.1.0-18-amd64',
      'uptime_s=812345',
      'cpus=16',
      'nproc=8',
      'loadavg=0.52 0.61 0.70',
      'netns=host',
      'netns_reason=same-as-host-init',
    ]).value;
    expect([v.hostname, v.kernel, v.uptimeSeconds, v.cpus, v.netns]).toEqual([
      'node-7',
      '6.1.0-18-amd64',
      812345,
      16,
      'host',
    ]);
    expect(v.fields.loadavg).toBe('0.52 0.61 0.70');
  });

  // https://github.com/google/nftables/issues/138 (2021-12-09) quotes `uname -a` of a Debian 5.10 kernel.
  it('reads a pasted uname -a line', () => {
    const v = parseLines<HostInfoValue>(hostInfoParser, [
      'Linux node-3 5.10.0-9-amd64 #1 SMP Debian 5.10.70-1 (2021-09-30) x86_64 GNU/Linux',
    ]).value;
    expect([v.hostname, v.kernel]).toEqual(['node-3', '5.10.0-9-amd64']);
    expect(hostInfoParser.classify('Linux is great')).toBe(0);
    expect(hostInfoParser.classify('cpus=4')).toBe(2);
    expect(hostInfoParser.classify('hostname=a')).toBe(1);
  });
});
