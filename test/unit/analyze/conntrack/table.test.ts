import { describe, expect, it } from 'vitest';
import { analyzeMaxLow } from '../../../../src/analyze/conntrack/max-low.js';
import { analyzeNotHostNetns } from '../../../../src/analyze/conntrack/not-host-netns.js';
import { analyzeTableFull } from '../../../../src/analyze/conntrack/table-full.js';
import { analyzeTablePressure } from '../../../../src/analyze/conntrack/table-pressure.js';
import { diagnoseText } from '../../../../src/diagnose.js';
import { collectorReport, fixture, ids } from './report-text.js';

const counts = (count: number, max: number, netns = 'host') =>
  collectorReport([
    { name: 'basics', kind: 'host-info', body: ['hostname=node-7', 'cpus=8'] },
    {
      name: 'netns',
      kind: 'netns-check',
      body: [`netns=${netns}`, `reason=${netns === 'pod' ? 'pod-interfaces' : 'same-as-host-init'}`],
    },
    {
      name: 'conntrack-count',
      kind: 'conntrack-count',
      body: [`nf_conntrack_count=${count}`, `nf_conntrack_max=${max}`],
    },
  ]);

const report = (text: string) => diagnoseText(text).report;

describe('conntrack.table-full and conntrack.table-pressure from counts', () => {
  it('is critical at count >= max, with both findings', () => {
    const text = counts(262144, 262144);
    expect(ids(analyzeTableFull(report(text)))).toEqual(['conntrack.table-full:critical']);
    expect(ids(analyzeTablePressure(report(text)))).toEqual(['conntrack.table-pressure:critical']);
    expect(analyzeTableFull(report(text))[0]!.evidence[0]).toMatch(
      /nf_conntrack_count 262144 >= nf_conntrack_max 262144/,
    );
  });

  it('warns at 75 %, is critical at 90 %, and says nothing below', () => {
    expect(ids(analyzeTablePressure(report(counts(200000, 262144))))).toEqual(['conntrack.table-pressure:warning']);
    expect(ids(analyzeTablePressure(report(counts(240000, 262144))))).toEqual(['conntrack.table-pressure:critical']);
    expect(analyzeTablePressure(report(counts(190000, 262144)))).toEqual([]);
    expect(analyzeTableFull(report(counts(240000, 262144)))).toEqual([]);
  });

  it('reads count and max from pasted sysctl output (a real -a dump shape) and says "still rising" for two counts', () => {
    const text = [
      '$ sysctl -a | grep nf_conntrack_count',
      'net.netfilter.nf_conntrack_count = 230000',
      '$ sysctl net.netfilter.nf_conntrack_max',
      'net.netfilter.nf_conntrack_max = 262144',
      '$ cat /proc/sys/net/netfilter/nf_conntrack_count',
      '250001',
    ].join('\n');
    const [finding] = analyzeTablePressure(report(text));
    expect(finding!.severity).toBe('critical');
    expect(finding!.evidence.join(' ')).toMatch(/rose from 230000 to 250001: still rising/);
  });

  it('leaves count-based findings out when the collector ran in a pod, and says so', () => {
    const text = counts(262144, 262144, 'pod');
    expect(analyzeTableFull(report(text))).toEqual([]);
    expect(analyzeTablePressure(report(text))).toEqual([]);
    expect(ids(analyzeNotHostNetns(report(text)))).toEqual(['collector.not-host-netns:warning']);
    expect(analyzeNotHostNetns(report(counts(10, 262144)))).toEqual([]);
  });

  // https://github.com/kubernetes/kubernetes/issues/56903 (2018-05-31): `conntrack -S` run inside a pod, but
  // without the collector's netns check nothing says so: no not-host-netns finding from a paste.
  it('does not guess the namespace of a pasted output', async () => {
    const text = await fixture('a-conntrack-s-summary-pod-k8s-56903');
    expect(analyzeNotHostNetns(report(text))).toEqual([]);
  });
});

describe('conntrack.max-low', () => {
  // https://github.com/hackerschoice/segfault/issues/50 (2022-11-04): 262144 is not low.
  it('stays quiet above 131072', async () => {
    expect(analyzeMaxLow(report(await fixture('a-proc-legacy-max-path-segfault-50')))).toEqual([]);
  });

  // https://blog.miraco.la/how-conntrack-could-be-limiting-your-k8s-gateway: `nf_conntrack_max = 131072 # t2.micro`.
  it("is info at 131072 and names kube-proxy's per-core default when the CPU count is known", async () => {
    expect(ids(analyzeMaxLow(report(await fixture('a-sysctl-max-inline-comments-miracola'))))).toEqual([
      'conntrack.max-low:info',
    ]);
    const [finding] = analyzeMaxLow(report(counts(10, 65536)));
    expect(finding!.evidence.join(' ')).toMatch(/max\(32768 x 8, 131072\) = 262144/);
  });
});
