// cilium-metrics and cilium-ct-list parsers: `metrics list` rows, exposition text, connectivity-test drop objects and
// BPF CT entries, on real snippets.
import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import { ciliumCtListParser } from '../../../../src/parse/cilium/cilium-ct-list.js';
import { ciliumMetricsParser } from '../../../../src/parse/cilium/cilium-metrics.js';
import { itemsOf } from '../../../../src/parse/items-of.js';

describe('cilium-metrics parser', () => {
  // https://github.com/cilium/cilium/pull/28357: `cilium metrics list | grep pressure`.
  it('reads `metrics list` rows: map pressure by map', () => {
    const [m] = itemsOf(
      diagnoseText(
        [
          'cilium_bpf_map_pressure                               map_name="cilium_auth_map"                                                                                                                                                                                                    0.000004',
          'cilium_bpf_map_pressure                               map_name="ipcache"                                                                                                                                                                                                            0.000021',
        ].join('\n'),
      ).report,
      ciliumMetricsParser,
    );
    expect(m?.value.mapPressure).toEqual({ cilium_auth_map: 0.000004, ipcache: 0.000021 });
  });

  // https://github.com/cilium/cilium/issues/30870: the connectivity test's JSON drop objects.
  it('reads the connectivity test drop objects as drops counted during the test', () => {
    const [m] = itemsOf(
      diagnoseText(
        [
          '  🟥 Found unexpected packet drops:',
          '{',
          '  "labels": {',
          '    "direction": "EGRESS",',
          '    "reason": "FIB lookup failed"',
          '  },',
          '  "name": "cilium_drop_count_total",',
          '  "value": 2',
          '}',
        ].join('\n'),
      ).report,
      ciliumMetricsParser,
    );
    expect(m?.value).toMatchObject({ duringTest: true, drops: { 'FIB lookup failed': 2 } });
  });
});

describe('cilium-ct-list parser', () => {
  // https://github.com/cilium/cilium/issues/40820: entries of 1.18 (`TCP SVC`, flags).
  it('counts entries by protocol, service entries and closing TCP entries', () => {
    const [c] = itemsOf(
      diagnoseText(
        [
          'TCP IN 2a00:23c8:bcb:5101:cce4:dbf7:957:33a4:47224 -> fd85:ee78:d8a6:8607::1:fe5:8000 expires=26562518 Packets=0 Bytes=0 RxFlagsSeen=0x1b LastRxReport=26562514 TxFlagsSeen=0x1b LastTxReport=26562514 Flags=0x0013 [ RxClosing TxClosing SeenNonSyn ] RevNAT=0 SourceSecurityID=10 BackendID=0',
          'TCP SVC 2603:8080:c0f0:d2e0:99f2:9195:c043:304f:44564 -> 2a03:3f40:88:1::24:80 expires=26806933 Packets=0 Bytes=0 RxFlagsSeen=0x00 LastRxReport=0 TxFlagsSeen=0x1b LastTxReport=26806929 Flags=0x0013 [ RxClosing TxClosing SeenNonSyn ] RevNAT=218 SourceSecurityID=0 BackendID=98',
        ].join('\n'),
      ).report,
      ciliumCtListParser,
    );
    expect(c?.value).toMatchObject({ entries: 2, tcp: 2, nonTcp: 0, service: 1, closing: 2, counted: false });
  });

  // https://github.com/cilium/cilium/issues/3558: the 2018 format, an ICMP `related` entry.
  it('reads the 2018 entry format', () => {
    const [c] = itemsOf(
      diagnoseText(
        'ICMP IN [f00d::a0f:0:0:4264]:0 -> [f00d::a0f:0:0:1150]:0 related  expires=2446 rx_packets=1 rx_bytes=86 tx_packets=0 tx_bytes=0 flags=10 revnat=0 proxyport=0 src_sec_id=55058',
      ).report,
      ciliumCtListParser,
    );
    expect(c?.value).toMatchObject({ entries: 1, tcp: 0, nonTcp: 1 });
  });
});
