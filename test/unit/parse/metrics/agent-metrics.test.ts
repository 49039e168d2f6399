import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import { itemsOf } from '../../../../src/parse/items-of.js';
import { type AgentSample, agentMetricsParser } from '../../../../src/parse/metrics/agent-metrics.js';

function samples(text: string): AgentSample[] {
  const r = diagnoseText(text);
  expect(r.detected).toContain('agent-metrics');
  return itemsOf(r.report, agentMetricsParser).flatMap((i) => i.value.samples);
}

describe('agent-metrics parser', () => {
  // Field names of Metricbeat's linux conntrack metricset (metricbeat/module/linux/conntrack in elastic/beats:
  // linux.conntrack.summary.*), in the event layout Metricbeat prints with `-e -d publish`; values composed.
  const metricbeat = [
    '{',
    '    "@timestamp": "2024-03-02T10:00:00.000Z",',
    '    "linux": {',
    '        "conntrack": {',
    '            "summary": {',
    '                "drop": 0,',
    '                "early_drop": 0,',
    '                "entries": 2211,',
    '                "found": 0,',
    '                "ignore": 908,',
    '                "insert_failed": 0,',
    '                "invalid": 37,',
    '                "search_restart": 9',
    '            }',
    '        }',
    '    },',
    '    "metricset": {',
    '        "name": "conntrack",',
    '        "period": 10000',
    '    }',
    '}',
  ].join('\n');

  it("reads Metricbeat's pretty-printed linux.conntrack summary, not the fields after it", () => {
    const [s, ...rest] = samples(metricbeat);
    expect(rest).toEqual([]);
    expect(s).toMatchObject({ agent: 'metricbeat', entries: 2211, stats: { insert_failed: 0, drop: 0, invalid: 37 } });
  });

  it('reads the same event flattened to one line', () => {
    const one = metricbeat.replace(/\n\s*/g, ' ');
    expect(samples(one)[0]).toMatchObject({ agent: 'metricbeat', entries: 2211, stats: { invalid: 37 } });
  });

  // https://github.com/netdata/netdata/issues/11880 (2021-12-09): nfacct.plugin's output with debug logging.
  it("reads Netdata's plugin protocol (BEGIN/SET/END), ignoring the expectation chart", () => {
    const text = [
      'nfacct.plugin: iteration 17, dt 998310 usec',
      'BEGIN netfilter.netlink_new',
      'SET new = 0',
      'SET ignore = 0',
      'SET invalid = 34647317',
      'END',
      'BEGIN netfilter.netlink_errors',
      'SET icmp_error = 86040',
      'SET insert_failed = 47646',
      'SET drop = 47649',
      'SET early_drop = 0',
      'END',
      'BEGIN netfilter.netlink_expect',
      'SET found = 0',
      'SET new = 0',
      'END',
    ].join('\n');
    const all = samples(text);
    expect(all).toHaveLength(1);
    expect(all[0]!.stats).toEqual({
      ignore: 0,
      invalid: 34647317,
      icmp_error: 86040,
      insert_failed: 47646,
      drop: 47649,
      early_drop: 0,
    });
  });

  // Field names of Telegraf's conntrack input (plugins/inputs/conntrack/conntrack.go in influxdata/telegraf):
  // `ip_conntrack_count`/`ip_conntrack_max` from /proc/sys, the stat columns with cpu=all or per-CPU tags.
  it('reads Telegraf line protocol: count/max, stats with cpu=all, per-CPU stats summed, `> ` of --test', () => {
    const all = samples(
      [
        '> conntrack,host=node-1 ip_conntrack_count=190000i,ip_conntrack_max=262144i 1700000000000000000',
        'conntrack,cpu=cpu0,host=node-1 drop=1i,early_drop=0i,entries=190000i,insert_failed=3i 1700000000000000000',
        'conntrack,cpu=cpu1,host=node-1 drop=2i,early_drop=0i,entries=190000i,insert_failed=4i 1700000000000000000',
      ].join('\n'),
    );
    expect(all[0]).toMatchObject({ agent: 'telegraf', host: 'node-1', entries: 190000, max: 262144, at: 1700000000 });
    expect(all[1]).toMatchObject({ stats: { drop: 3, insert_failed: 7, early_drop: 0 }, entries: 190000 });
  });

  // Value names of collectd's conntrack plugin (collectd/collectd PR 497: conntrack-used, conntrack-max, percent-used).
  it('reads collectd PUTVAL and Graphite-style conntrack values into one sample per host and time', () => {
    const all = samples(
      [
        'PUTVAL "web1/conntrack/conntrack-used" interval=10.000 1600000000.123:1234',
        'PUTVAL "web1/conntrack/conntrack-max" interval=10.000 1600000000.123:65536',
        'collectd.web2.conntrack.percent-used 97.5 1600000000',
      ].join('\n'),
    );
    expect(all).toEqual([
      { agent: 'collectd', host: 'web1', entries: 1234, max: 65536, stats: {}, at: 1600000000 },
      { agent: 'collectd', host: 'collectd.web2'.replace('collectd.', ''), percent: 97.5, stats: {}, at: 1600000000 },
    ]);
  });

  it('leaves SQL and prose with SET or conntrack words alone', () => {
    const r = diagnoseText('SET insert_failed = 1;\nThe conntrack table of the host is fine.\nEND IF;');
    expect(r.detected).not.toContain('agent-metrics');
  });
});
