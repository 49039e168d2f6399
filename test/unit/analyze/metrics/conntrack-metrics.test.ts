import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import { findings, ids } from '../findings-of.js';

const exposition = (entries: number, limit: number) =>
  [
    '# HELP node_nf_conntrack_entries Number of currently allocated flow entries for connection tracking.',
    '# TYPE node_nf_conntrack_entries gauge',
    `node_nf_conntrack_entries ${entries}`,
    '# TYPE node_nf_conntrack_entries_limit gauge',
    `node_nf_conntrack_entries_limit ${limit}`,
  ].join('\n');

describe('node_exporter conntrack findings', () => {
  // https://www.robustperception.io/conntrack-metrics-from-the-node-exporter (date unknown): 205 of 262144.
  it('healthy: nothing', () => {
    expect(ids(exposition(205, 262144))).toEqual([]);
  });

  it('table-pressure: warning from 75 %, critical from 90 %; table-full at the limit (synthetic)', () => {
    expect(ids(exposition(200000, 262144))).toEqual(['conntrack.table-pressure:warning']);
    expect(ids(exposition(240000, 262144))).toEqual(['conntrack.table-pressure:critical']);
    expect(ids(exposition(262144, 262144))).toEqual(['conntrack.table-full:critical']);
    expect(findings(exposition(240000, 262144))[0]!.evidence[0]).toBe(
      'node_nf_conntrack_entries 240000 / node_nf_conntrack_entries_limit 262144 = 91.6 %',
    );
  });

  it('max-low (info) for a limit of 131072 (synthetic)', () => {
    expect(ids(exposition(100, 131072))).toEqual(['conntrack.max-low:info']);
  });

  // https://github.com/prometheus/node_exporter/pull/2515 (2022-10-23): operstate unknown is not a broken link.
  it('never warns on node_network_up 0 / operstate unknown of tunnels', () => {
    const text = [
      'node_network_info{address="",adminstate="up",broadcast="",device="ffho-ops",duplex="full",ifalias="",operstate="unknown"} 1',
      'node_network_up{device="tunl0"} 0',
    ].join('\n');
    expect(diagnoseText(text).detected).toEqual(['node-metrics']);
    expect(findings(text)).toEqual([]);
  });

  it('insert-failed from per-CPU gauges: warning for one sample, info for a handful (synthetic)', () => {
    const text = [
      'node_nf_conntrack_stat_insert_failed{cpu="0"} 120',
      'node_nf_conntrack_stat_insert_failed{cpu="1"} 0',
      'node_nf_conntrack_stat_insert_failed{cpu="2"} 79',
      'node_nf_conntrack_stat_insert_failed{cpu="3"} 0',
      'node_nf_conntrack_stat_drop{cpu="0"} 0',
    ].join('\n');
    const f = findings(text);
    expect(f.map((x) => `${x.id}:${x.severity}`)).toEqual(['conntrack.insert-failed:warning']);
    expect(f[0]!.evidence[0]).toBe('node_nf_conntrack_stat_insert_failed 199 summed over 4 CPUs (cpu0 120, cpu2 79)');
    expect(ids('node_nf_conntrack_stat_insert_failed{cpu="0"} 2')).toEqual(['conntrack.insert-failed:info']);
  });

  it('drops without insert_failed, and early_drop as table-full (synthetic)', () => {
    expect(ids('node_nf_conntrack_stat_drop{cpu="0"} 40\nnode_nf_conntrack_stat_insert_failed{cpu="0"} 0')).toEqual([
      'conntrack.drops:warning',
    ]);
    expect(ids('node_nf_conntrack_stat_early_drop{cpu="0"} 7\nnode_nf_conntrack_stat_drop{cpu="0"} 7')).toEqual([
      'conntrack.table-full:warning',
    ]);
  });

  it('two collector samples: rising is critical with a rate, unchanged is info (synthetic)', () => {
    const report = (second: number) =>
      [
        '#netcheck report version=1 host=node-7 start=1732380000 interval=5 deadline=60',
        '#netcheck section name=node-metrics-1 kind=node-metrics status=ok rc=0 ms=10 at=1732380001 truncated=0 cmd=curl -s localhost:9100/metrics',
        'node_nf_conntrack_stat_insert_failed{cpu="0"} 100',
        '#netcheck section name=node-metrics-2 kind=node-metrics status=ok rc=0 ms=10 at=1732380006 truncated=0 cmd=curl -s localhost:9100/metrics',
        `node_nf_conntrack_stat_insert_failed{cpu="0"} ${second}`,
      ].join('\n');
    const rising = findings(report(150)).find((f) => f.id === 'conntrack.insert-failed')!;
    expect(rising.severity).toBe('critical');
    expect(rising.evidence).toContain('insert_failed still rising: +50 between the two samples, 10.00/s over 5 s');
    expect(findings(report(100)).find((f) => f.id === 'conntrack.insert-failed')!.severity).toBe('info');
  });

  it('separate findings evidence per scraped instance (synthetic PromQL table paste)', () => {
    const text = [
      'node_nf_conntrack_entries{instance="10.0.0.5:9100", job="node"} 250000',
      'node_nf_conntrack_entries_limit{instance="10.0.0.5:9100", job="node"} 262144',
      'node_nf_conntrack_entries{instance="10.0.0.6:9100", job="node"} 1000',
      'node_nf_conntrack_entries_limit{instance="10.0.0.6:9100", job="node"} 262144',
    ].join('\n');
    const f = findings(text);
    expect(f.map((x) => `${x.id}:${x.severity}`)).toEqual(['conntrack.table-pressure:critical']);
    expect(f[0]!.evidence[0]).toMatch(/^10\.0\.0\.5:9100: /);
  });
});
