import { describe, expect, it } from 'vitest';
import { analyzeDrops } from '../../../../src/analyze/conntrack/drops.js';
import { analyzeInsertFailed } from '../../../../src/analyze/conntrack/insert-failed.js';
import { analyzeInvalid } from '../../../../src/analyze/conntrack/invalid.js';
import { analyzeTableFull } from '../../../../src/analyze/conntrack/table-full.js';
import { diagnoseText } from '../../../../src/diagnose.js';
import { collectorReport, fixture, ids } from './report-text.js';

const report = (text: string) => diagnoseText(text).report;

/** Two `conntrack -S` samples 5 s apart, as the collector takes them. */
const twoSamples = (first: string[], second: string[]) =>
  collectorReport([
    { name: 'conntrack-stats-1', kind: 'conntrack-stats', at: 1732380001, cmd: 'conntrack -S', body: first },
    { name: 'conntrack-stats-2', kind: 'conntrack-stats', at: 1732380006, cmd: 'conntrack -S', body: second },
  ]);
const row = (cpu: number, failed: number, drop: number, early = 0, invalid = 16) =>
  `cpu=${cpu} found=0 invalid=${invalid} insert=0 insert_failed=${failed} drop=${drop} early_drop=${early} error=0 search_restart=0`;

describe('conntrack.insert-failed', () => {
  // https://github.com/weaveworks/weave/issues/3287 (2018-05-10): 92 + 107 on two CPUs, one sample.
  it('warns for a cumulative count from one sample and names the CPUs', async () => {
    const findings = analyzeInsertFailed(report(await fixture('a-conntrack-s-legacy-fields-insert-failed-weave-3287')));
    expect(ids(findings)).toEqual(['conntrack.insert-failed:warning']);
    expect(findings[0]!.evidence[0]).toBe(
      'insert_failed 199 summed over 8 CPUs (cpu1 107, cpu0 92) (conntrack -S, since boot)',
    );
  });

  // https://github.com/influxdata/telegraf/issues/8955 (2021-03-08): one failure over ~1.4 billion lookups.
  it('is info for a handful over billions of packets, and conntrack.drops stays quiet (drop = insert_failed)', async () => {
    const r = report(await fixture('a-conntrack-s-one-insert-failed-telegraf-8955'));
    expect(ids(analyzeInsertFailed(r))).toEqual(['conntrack.insert-failed:info']);
    expect(analyzeDrops(r)).toEqual([]);
  });

  // https://github.com/concourse/concourse/issues/4153 (2019-12-02): all zero.
  it('stays quiet when insert_failed is 0', async () => {
    expect(analyzeInsertFailed(report(await fixture('a-conntrack-s-percpu-ignore-concourse-4153')))).toEqual([]);
  });

  it('is critical when it rises between two samples, with the rate', () => {
    const text = twoSamples([row(0, 120, 120), row(1, 79, 79)], [row(0, 150, 150), row(1, 79, 79)]);
    const findings = analyzeInsertFailed(report(text));
    expect(ids(findings)).toEqual(['conntrack.insert-failed:critical']);
    expect(findings[0]!.evidence[0]).toBe('insert_failed rose by 30 in 5 s (6.0/s): still rising');
    // The same drops are the clash: no conntrack.drops, no table-full.
    expect(analyzeDrops(report(text))).toEqual([]);
    expect(analyzeTableFull(report(text))).toEqual([]);
  });

  it('does not compare samples of different nodes (other CPU count, or counters going down)', () => {
    const otherNode = ['$ conntrack -S', row(0, 10, 10), row(1, 0, 0), '$ conntrack -S', row(0, 50, 50)].join('\n');
    expect(ids(analyzeInsertFailed(report(otherNode)))).toEqual(['conntrack.insert-failed:warning']);
    const lower = twoSamples([row(0, 500, 500)], [row(0, 20, 20)]);
    expect(ids(analyzeInsertFailed(report(lower)))).toEqual(['conntrack.insert-failed:warning']);
  });

  it('counts a 32-bit counter that wrapped between the samples as a rise', () => {
    const [finding] = analyzeInsertFailed(report(twoSamples([row(0, 4294967290, 0)], [row(0, 5, 0)])));
    expect(finding!.evidence[0]).toBe('insert_failed rose by 11 in 5 s (2.2/s): still rising');
  });

  it('stays a warning when a second sample shows no rise', () => {
    const text = twoSamples([row(0, 120, 0), row(1, 79, 0)], [row(0, 120, 0), row(1, 79, 0)]);
    const [finding] = analyzeInsertFailed(report(text));
    expect(finding!.severity).toBe('warning');
    expect(finding!.evidence.join(' ')).toMatch(/not rising between the two samples \(5 s\)/);
  });
});

describe('conntrack.drops and table-full from counters', () => {
  // https://github.com/netdata/netdata/issues/161 (2016-04-03): drop 0x53a with insert_failed and early_drop 0.
  it('warns for drops that are not the NAT race', async () => {
    const findings = analyzeDrops(report(await fixture('a-proc-stat-hex-old-header-netdata-161')));
    expect(ids(findings)).toEqual(['conntrack.drops:warning']);
    expect(findings[0]!.evidence[0]).toMatch(/^drop 1346 summed over 3 CPUs \(cpu0 1338, cpu2 8\)/);
  });

  it('is critical when drops rise with no insert race, and table-full when early_drop rises', () => {
    const drops = twoSamples([row(0, 0, 10)], [row(0, 0, 25)]);
    expect(ids(analyzeTableFull(report(drops)))).toEqual(['conntrack.table-full:critical']);
    const early = twoSamples([row(0, 0, 10, 5)], [row(0, 0, 10, 9)]);
    const [full] = analyzeTableFull(report(early));
    expect(full!.severity).toBe('critical');
    expect(full!.evidence[0]).toBe('early_drop rose by 4 in 5 s (0.8/s): still rising');
  });

  it('reports rising drops as conntrack.drops when the count is well below max', () => {
    const text = collectorReport([
      {
        name: 'conntrack-count',
        kind: 'conntrack-count',
        body: ['nf_conntrack_count=1000', 'nf_conntrack_max=262144'],
      },
      { name: 'conntrack-stats-1', kind: 'conntrack-stats', at: 1732380001, body: [row(0, 0, 10)] },
      { name: 'conntrack-stats-2', kind: 'conntrack-stats', at: 1732380011, body: [row(0, 0, 30)] },
    ]);
    expect(analyzeTableFull(report(text))).toEqual([]);
    const [finding] = analyzeDrops(report(text));
    expect(finding!.severity).toBe('critical');
    expect(finding!.evidence[0]).toBe('drop rose by 20 in 10 s (2.0/s): still rising');
  });

  it('says the table was full since boot (warning) from early_drop in one sample', () => {
    const text = ['$ conntrack -S', row(0, 3, 50, 42), row(1, 0, 0, 0)].join('\n');
    expect(ids(analyzeTableFull(report(text)))).toEqual(['conntrack.table-full:warning']);
    // Folded into table-full by the analysis: no separate drops/insert-failed.
    expect(ids(diagnoseText(text).findings)).toEqual(['conntrack.table-full:warning']);
  });
});

describe('conntrack.invalid', () => {
  // https://github.com/rancher/rke2/issues/3924 (2023-02-20): "high" invalid of at most 140 per CPU.
  it('does not fire on ordinary invalid/search_restart counts', async () => {
    expect(analyzeInvalid(report(await fixture('a-conntrack-s-invalid-restarts-rke2-3924')))).toEqual([]);
  });

  // https://github.com/netdata/netdata/issues/161 (2016-04-03): invalid in the millions since boot.
  it('is only ever info', async () => {
    expect(ids(analyzeInvalid(report(await fixture('a-proc-stat-hex-old-header-netdata-161'))))).toEqual([
      'conntrack.invalid:info',
    ]);
  });

  it('notes a counter concentrated on one CPU and a fast rise', () => {
    const one = ['$ conntrack -S', row(0, 0, 0, 0, 50000), row(1, 0, 0, 0, 10), row(2, 0, 0, 0, 5), row(3, 0, 0, 0, 1)];
    const [finding] = analyzeInvalid(report(one.join('\n')));
    expect(finding!.evidence[0]).toMatch(/cpu0 holds 100 % of invalid on 4 CPUs/);
    const rising = twoSamples([row(0, 0, 0, 0, 100)], [row(0, 0, 0, 0, 5100)]);
    expect(analyzeInvalid(report(rising))[0]!.evidence[0]).toBe('invalid rose by 5000 in 5 s (1000/s): still rising');
  });
});
