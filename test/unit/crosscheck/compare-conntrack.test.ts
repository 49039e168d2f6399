import { describe, expect, it } from 'vitest';
import { compareConntrack } from '../../../src/crosscheck/compare-conntrack.js';
import { nodeReadingOf } from '../../../src/crosscheck/node-reading.js';
import { prometheusReadingOf } from '../../../src/crosscheck/prometheus-reading.js';
import type { RawSeries } from '../../../src/crosscheck/series.js';
import { diagnoseText } from '../../../src/diagnose.js';
import { collectorReport, countBody, netnsBody, statsBody } from './report-text.js';

const T = 1795462000;
const target = { instance: '10.0.0.7:9100', job: 'node-exporter' };

function reading(options: { netns?: 'host' | 'pod'; count: number; max?: number; insertFailed?: [number, number] }) {
  const sections = [];
  if (options.netns)
    sections.push({ name: 'netns', kind: 'netns-check', at: T, body: netnsBody(options.netns, options.count) });
  sections.push({
    name: 'conntrack-count',
    kind: 'conntrack-count',
    at: T,
    body: countBody(options.count, options.max),
  });
  if (options.insertFailed) {
    const [a, b] = options.insertFailed;
    sections.push({
      name: 'conntrack-stats-1',
      kind: 'conntrack-stats',
      at: T,
      body: statsBody(a),
      cmd: 'conntrack -S',
    });
    sections.push({
      name: 'conntrack-stats-2',
      kind: 'conntrack-stats',
      at: T + 5,
      body: statsBody(b),
      cmd: 'conntrack -S',
    });
  }
  return nodeReadingOf(diagnoseText(collectorReport(sections)).report);
}

/** node_exporter samples every 15 s around T, as a raw range-vector answer. */
function scraped(entries: number, options: { limit?: number; insertFailed?: number; from?: number; to?: number } = {}) {
  const times: number[] = [];
  for (let t = options.from ?? T - 120; t <= (options.to ?? T + 60); t += 15) times.push(t + 0.25);
  const series = (name: string, v: number, labels: Record<string, string> = {}): RawSeries => ({
    labels: { __name__: name, ...target, ...labels },
    points: times.map((t) => [t, v]),
  });
  const out = [
    series('node_nf_conntrack_entries', entries),
    series('node_nf_conntrack_entries_limit', options.limit ?? 262144),
  ];
  if (options.insertFailed !== undefined) {
    // Per-CPU series, as older node_exporter versions export them.
    const half = Math.floor(options.insertFailed / 2);
    out.push(series('node_nf_conntrack_stat_insert_failed', half, { cpu: '0' }));
    out.push(series('node_nf_conntrack_stat_insert_failed', options.insertFailed - half, { cpu: '1' }));
  }
  return prometheusReadingOf(out, T);
}

function compare(node: ReturnType<typeof reading>, prometheus: ReturnType<typeof scraped>, staleAfterSeconds?: number) {
  return compareConntrack({ node: 'node-7', target, reading: node, prometheus, at: T, options: { staleAfterSeconds } });
}

describe('prometheusReadingOf', () => {
  it('takes the sample nearest the reading, sums per-CPU counters and measures the scrape interval', () => {
    const prom = scraped(900, { insertFailed: 41 });
    expect(prom.entries).toEqual({ t: T + 0.25, v: 900 });
    expect(prom.stats.insert_failed).toEqual({ t: T + 0.25, v: 41 });
    expect(prom.scrapeInterval).toBe(15);
    expect(prom.lastSampleAt).toBe(T + 60.25);
  });
});

describe('compareConntrack', () => {
  it('agrees within churn: 9000 against 10000 entries', () => {
    const { comparison, findings } = compare(reading({ netns: 'host', count: 10_000 }), scraped(9000));
    expect(findings).toEqual([]);
    expect(comparison).toMatchObject({ agree: true, countDifference: 1000, countTolerance: 2500, stale: false });
  });

  it("blames node_exporter's namespace when it sees an almost empty table the node does not", () => {
    const { comparison, findings } = compare(reading({ netns: 'host', count: 180_000 }), scraped(12));
    expect(comparison.cause).toBe('exporter-netns');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ id: 'prometheus.conntrack-mismatch', severity: 'warning' });
    expect(findings[0]!.title).toBe(
      'Prometheus disagrees with node-7 on conntrack: the node read 180000 entries, node_exporter 12',
    );
    expect(findings[0]!.evidence).toEqual([
      'node: nf_conntrack_count 180000, nf_conntrack_max 262144 at 2026-11-23T19:26:40Z, netns=host (initial-netns-inode)',
      'Prometheus instance "10.0.0.7:9100" (job "node-exporter"): node_nf_conntrack_entries 12, node_nf_conntrack_entries_limit 262144, sample 0 s after the reading (scraped every 15 s)',
      'count difference 179988 (tolerance 45000)',
      "likely cause: node_exporter reads an almost empty table: it probably runs in its own pod's network namespace",
    ]);
    expect(findings[0]!.fix).toMatch(/node_exporter with `hostNetwork: true`/);
  });

  it("blames the collector's namespace when its own check says pod, or it saw an almost empty table", () => {
    expect(compare(reading({ netns: 'pod', count: 3 }), scraped(150_000)).comparison.cause).toBe('collector-netns');
    expect(compare(reading({ count: 3 }), scraped(150_000)).comparison.cause).toBe('collector-netns');
  });

  it('blames another machine when nf_conntrack_max differs, even with equal counts', () => {
    const { comparison, findings } = compare(reading({ netns: 'host', count: 500, max: 131072 }), scraped(500));
    expect(comparison).toMatchObject({ agree: false, limitMismatch: true, cause: 'other-machine' });
    expect(findings[0]!.evidence).toContain('nf_conntrack_max 131072 on the node, 262144 in Prometheus');
  });

  it('blames a scrape gap when the nearest sample is far away, and only notes it when values agree', () => {
    const gap = scraped(100_000, { from: T - 3600, to: T - 600 });
    const differ = compare(reading({ netns: 'host', count: 160_000 }), gap);
    expect(differ.comparison).toMatchObject({ stale: true, cause: 'stale-series' });
    expect(differ.findings[0]!.evidence[1]).toContain('sample 10 min before the reading');
    const same = compare(reading({ netns: 'host', count: 100_050 }), gap);
    expect(same.findings.map((f) => [f.id, f.severity])).toEqual([['prometheus.stale-series', 'info']]);
    expect(same.findings[0]!.title).toBe(
      "Prometheus's conntrack sample for node-7 is 10 min away from the node's reading",
    );
  });

  it('calls a fast change between fresh samples of the same machine a burst', () => {
    const { comparison, findings } = compare(reading({ netns: 'host', count: 60_000 }), scraped(20_000));
    expect(comparison.cause).toBe('changed-between');
    expect(findings[0]!.fix).toMatch(/collect again/);
  });

  it('compares summed statistics, allowing the rise the collector measured', () => {
    // The node counts 3000 insert_failed, Prometheus 40: counters since boot cannot differ so much on one table.
    const far = compare(
      reading({ netns: 'host', count: 500, insertFailed: [2990, 3000] }),
      scraped(500, { insertFailed: 40 }),
    );
    expect(far.comparison).toMatchObject({ agree: false, statMismatches: ['insert_failed'] });
    expect(far.findings[0]!.evidence).toContain('insert_failed: 3000 on the node, 40 in Prometheus (summed over CPUs)');
    // Rising 400/s: 2000 more 5 s after the scrape is expected.
    const rising = compare(
      reading({ netns: 'host', count: 500, insertFailed: [1000, 3000] }),
      scraped(500, { insertFailed: 1000 }),
    );
    expect(rising.comparison).toMatchObject({ agree: true, statMismatches: [] });
  });

  it('has nothing to say without a count on the node', () => {
    const empty = nodeReadingOf(diagnoseText('hello\n').report);
    expect(compare(empty, scraped(10)).findings).toEqual([]);
  });
});
