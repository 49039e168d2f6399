import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../src/diagnose.js';
import { itemsOf } from '../../../src/parse/items-of.js';
import {
  type NodeExporterMetrics as NodeMetrics,
  nodeMetricsParser,
} from '../../../src/parse/metrics/node-exporter-metrics.js';

function only(text: string): NodeMetrics {
  const all = itemsOf(diagnoseText(text).report, nodeMetricsParser).map((i) => i.value);
  expect(all).toHaveLength(1);
  return all[0]!;
}

describe('node-metrics parser', () => {
  // https://www.robustperception.io/conntrack-metrics-from-the-node-exporter (date unknown): exposition with prose.
  it('reads conntrack entries and limit between prose, not the PromQL in the prose', () => {
    const m = only(
      [
        "As metrics go, the conntrack ones don't seem very exciting. There's just two metrics:",
        '',
        '# HELP node_nf_conntrack_entries Number of currently allocated flow entries for connection tracking.',
        '# TYPE node_nf_conntrack_entries gauge',
        'node_nf_conntrack_entries 205',
        '# HELP node_nf_conntrack_entries_limit Maximum size of connection tracking table.',
        '# TYPE node_nf_conntrack_entries_limit gauge',
        'node_nf_conntrack_entries_limit 262144',
        '',
        'One is how big the conntrack table can be, max_over_time(node_nf_conntrack_entries[365d]) is only 2.5k.',
      ].join('\n'),
    );
    expect(m.instances['']).toMatchObject({ entries: 205, limit: 262144 });
    expect(m.samples).toBe(2);
  });

  // https://github.com/prometheus/node_exporter/pull/2515 (2022-10-23): node_network_info with operstate labels.
  it('reads per-device operstate from node_network_info', () => {
    const m = only(
      [
        'curl -s http://localhost:9100/metrics | grep admin',
        'node_network_info{address="",adminstate="up",broadcast="",device="ffho-ops",duplex="full",ifalias="",operstate="unknown"} 1',
        'node_network_info{address="18:65:71:aa:bb:cc",adminstate="down",broadcast="ff:ff:ff:ff:ff:ff",device="eth1",duplex="",ifalias="",operstate="down"} 1',
      ].join('\n'),
    );
    expect(m.instances['']!.devices).toEqual({ 'ffho-ops': { operstate: 'unknown' }, eth1: { operstate: 'down' } });
  });

  // https://github.com/kubernetes-sigs/kwok/issues/747 (issue description; the stored excerpt shows no date): a
  // node_exporter counter in scientific notation. The mtu line below it is synthetic, in the same notation.
  it('keeps only the series netcheck uses, reading scientific notation', () => {
    const m = only(
      [
        '# TYPE node_network_transmit_packets_total counter',
        'node_network_transmit_packets_total{device="cni0"} 2.214804038e+09',
        'node_network_mtu_bytes{device="cni0"} 1.45e+03',
      ].join('\n'),
    );
    expect(m.instances['']!.devices).toEqual({ cni0: { mtu: 1450 } });
    expect(m.samples).toBe(2);
  });

  it('sums per-CPU stat gauges and keeps the top CPUs, per instance label (synthetic)', () => {
    const m = only(
      [
        'node_nf_conntrack_stat_insert_failed{cpu="0",instance="10.0.0.5:9100",job="node"} 120',
        'node_nf_conntrack_stat_insert_failed{cpu="1",instance="10.0.0.5:9100",job="node"} 0',
        'node_nf_conntrack_stat_insert_failed{cpu="2",instance="10.0.0.5:9100",job="node"} 79',
        'node_nf_conntrack_stat_insert_failed{cpu="0",instance="10.0.0.6:9100",job="node"} 3',
        'node_nf_conntrack_entries{instance="10.0.0.6:9100", job="node"}\t1.31072e+05 1700000000000',
      ].join('\n'),
    );
    const a = m.instances['10.0.0.5:9100']!;
    expect(a.stats.insert_failed).toBe(199);
    expect(a.statSeries.insert_failed).toBe(3);
    expect(a.statTop.insert_failed!.slice(0, 2)).toEqual([
      { cpu: '0', value: 120 },
      { cpu: '2', value: 79 },
    ]);
    expect(m.instances['10.0.0.6:9100']).toMatchObject({ entries: 131072, timestampMs: 1700000000000 });
  });

  it('ignores a bare PromQL result without a metric name', () => {
    expect(itemsOf(diagnoseText('{instance="10.0.0.5:9100", job="node"} 0.93').report, nodeMetricsParser)).toEqual([]);
  });

  it('stays bounded with many instances and devices (synthetic)', () => {
    const sink = nodeMetricsParser.create({});
    for (let i = 0; i < 100_000; i++) sink.push(`node_network_up{device="veth${i}",instance="n${i % 100}"} 1`);
    const { value } = sink.end();
    expect(Object.keys(value.instances)).toHaveLength(32);
    expect(Object.keys(value.instances.n0!.devices)).toHaveLength(64);
  });
});
