import { describe, expect, it } from 'vitest';
import { finding, ids } from '../findings-of.js';

describe('conntrack findings from other agents', () => {
  // https://github.com/netdata/netdata/issues/11880 (2021-12-09): Netdata's nfacct.plugin counters.
  it('warns on insert_failed since boot in Netdata plugin output', () => {
    const text = [
      'BEGIN netfilter.netlink_errors',
      'SET icmp_error = 86040',
      'SET insert_failed = 47646',
      'SET drop = 47649',
      'SET early_drop = 0',
      'END',
    ].join('\n');
    const f = finding(text, 'conntrack.insert-failed');
    expect(f?.severity).toBe('warning');
    expect(f?.evidence).toEqual([
      'netdata: insert_failed 47646 since boot (summed over CPUs)',
      'netdata: drop 47649 since boot (summed over CPUs)',
    ]);
  });

  // Field names of Metricbeat's linux conntrack metricset (elastic/beats metricbeat/module/linux/conntrack); values composed.
  it('is quiet on a healthy Metricbeat event', () => {
    const one =
      '{"@timestamp":"2024-03-02T10:00:00.000Z","event":{"dataset":"linux.conntrack","module":"linux"},"linux":{"conntrack":{"summary":{"drop":0,"early_drop":0,"entries":2211,"found":0,"ignore":908,"insert_failed":0,"invalid":37,"search_restart":9}}},"metricset":{"name":"conntrack","period":10000}}';
    expect(ids(one)).toEqual([]);
  });

  it('table fill from Telegraf count/max, collectd percent-used and a Netdata alarm', () => {
    expect(ids('conntrack,host=n1 ip_conntrack_count=200000i,ip_conntrack_max=262144i 1700000000000000000')).toEqual([
      'conntrack.table-pressure:warning',
    ]);
    expect(ids('PUTVAL "n1/conntrack/percent-used" interval=10.000 1600000000:100')).toEqual([
      'conntrack.table-full:critical',
    ]);
    expect(ids('PUTVAL "n1/conntrack/conntrack-max" interval=10.000 1600000000:65536')).toEqual([
      'conntrack.max-low:info',
    ]);
    const alarm = 'netdata alarm: host1 netfilter_conntrack_full is CRITICAL, conntrack table usage 96.4%';
    expect(ids(alarm)).toEqual(['conntrack.table-pressure:critical']);
    expect(ids(alarm.replace('CRITICAL', 'CLEAR').replace('96.4', '12.0'))).toEqual([]);
  });

  it('two Telegraf readings: a rising insert_failed is critical, an unchanged one info', () => {
    const line = (n: number, t: number) =>
      `conntrack,cpu=all,host=n1 drop=${n}i,early_drop=0i,insert_failed=${n}i ${t}000000000`;
    expect(ids([line(10, 1700000000), line(25, 1700000010)].join('\n'))).toEqual(['conntrack.insert-failed:critical']);
    expect(ids([line(10, 1700000000), line(10, 1700000010)].join('\n'))).toEqual(['conntrack.insert-failed:info']);
  });
});
