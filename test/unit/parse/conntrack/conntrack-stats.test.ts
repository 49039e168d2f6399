import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import { type ConntrackStatsValue, conntrackStatsParser } from '../../../../src/parse/conntrack/conntrack-stats.js';
import { parseLines } from '../parse-with.js';

const fixture = (slug: string) =>
  readFileSync(new URL(`../../../fixtures/real/${slug}/input.txt`, import.meta.url), 'utf8');

function parse(lines: string[], command?: string): ConntrackStatsValue {
  return parseLines(conntrackStatsParser, lines, command ? { command } : {}).value;
}

function statsOf(text: string): ConntrackStatsValue[] {
  return diagnoseText(text)
    .report.items.filter((i) => i.kind === 'conntrack-stats')
    .map((i) => i.value as ConntrackStatsValue);
}

describe('conntrack-stats parser', () => {
  // https://github.com/weaveworks/weave/issues/3287 (2018-05-10): legacy per-CPU fields, TAB after cpu=N, cut off.
  it('reads the legacy per-CPU fields, sums them, and drops the cut last field', () => {
    const [value] = statsOf(fixture('a-conntrack-s-legacy-fields-insert-failed-weave-3287'));
    const sample = value!.samples[0]!;
    expect(value!.samples).toHaveLength(1);
    expect(sample.source).toBe('netlink');
    expect(sample.cpus.map((c) => c.cpu)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(sample.totals.insert_failed).toBe(199);
    expect(sample.totals.found).toBe(15093196 + 28126666);
    expect(sample.cpus[1]!.counters.insert_failed).toBe(107);
    // `delete=` at the cut end has no value: left out, not read as 0.
    expect(sample.cpus[7]!.counters.delete).toBeUndefined();
    expect(sample.cpus[7]!.counters.ignore).toBe(0);
  });

  // https://github.com/rancher/rke2/issues/3924 (2023-02-20): modern fields, the cpu=8 line is cut mid-name.
  it('reads modern rows padded with spaces and survives a line cut in a field name', () => {
    const [value] = statsOf(fixture('a-conntrack-s-invalid-restarts-rke2-3924'));
    const sample = value!.samples[0]!;
    expect(sample.totals.search_restart).toBe(3 + 3 + 6 + 8 + 9 + 12 + 199 + 1);
    expect(sample.totals.invalid).toBe(1 + 1 + 2 + 137 + 140 + 125 + 139 + 4 + 0);
    expect(sample.cpus.at(-1)!.cpu).toBe(8);
    expect(sample.cpus.at(-1)!.counters.drop).toBe(0);
    expect(sample.cpus.at(-1)!.counters.early_drop).toBeUndefined();
  });

  // https://github.com/kubernetes/kubernetes/issues/56903 (2018-05-31): summary form, then a permission error.
  it('reads the one-counter-per-line summary form and keeps the tool error', () => {
    const [value] = statsOf(fixture('a-conntrack-s-summary-pod-k8s-56903'));
    const sample = value!.samples[0]!;
    expect(sample.source).toBe('summary');
    expect(sample.entries).toBe(90);
    expect(sample.totals.found).toBe(3774748);
    expect(sample.totals.insert_failed).toBe(0);
    expect(sample.totals.error).toBe(0); // icmp_error
    expect(value!.errors[0]).toMatch(/CAP_NET_ADMIN/);
  });

  // https://github.com/vyos/vyos-1x/pull/1489 (2022-08-23): VyOS table with a header row and a rule line.
  it('reads the VyOS table without taking the header words for values', () => {
    const [value] = statsOf(fixture('a-conntrack-stats-vyos-table-vyos-1489'));
    expect(value!.samples[0]!.cpus).toHaveLength(4);
    expect(value!.samples[0]!.totals.search_restart).toBe(48);
  });

  // DataDog agent's sample of `conntrack -S` on a 6.x kernel (newer fields, each row wrapped over two lines):
  // https://github.com/DataDog/datadog-agent pkg/collector/corechecks/net/network (comment "conntrack -S sample").
  it('joins a row wrapped over two lines and reads newer kernels fields', () => {
    const value = parse([
      'cpu=0 found=27644 invalid=19060 ignore=485633411 insert=0 insert_failed=1',
      '      drop=1 early_drop=0 error=0 search_restart=39936711 clash_resolve=12 chaintoolong=0',
      'cpu=1 found=21960 invalid=17288 ignore=475938848 insert=0 insert_failed=1 drop=1 early_',
      'drop=0 error=0 search_restart=36983181',
    ]);
    const [sample] = value.samples;
    expect(sample!.cpus).toHaveLength(2);
    expect(sample!.totals.drop).toBe(2);
    expect(sample!.totals.clash_resolve).toBe(12);
    expect(sample!.cpus[1]!.counters.early_drop).toBe(0);
    expect(sample!.totals.search_restart).toBe(39936711 + 36983181);
  });

  it('starts a second sample when cpu=0 comes again (synthetic: two runs pasted together)', () => {
    const value = parse([
      'cpu=0 found=0 invalid=1 insert=0 insert_failed=10 drop=10 early_drop=0 error=0 search_restart=0',
      'cpu=1 found=0 invalid=1 insert=0 insert_failed=5 drop=5 early_drop=0 error=0 search_restart=0',
      'cpu=0 found=0 invalid=1 insert=0 insert_failed=30 drop=30 early_drop=0 error=0 search_restart=0',
      'cpu=1 found=0 invalid=1 insert=0 insert_failed=5 drop=5 early_drop=0 error=0 search_restart=0',
    ]);
    expect(value.samples.map((s) => s.totals.insert_failed)).toEqual([15, 35]);
  });

  it('classifies cpu rows as signatures and lookalike lines as not its own', () => {
    expect(conntrackStatsParser.classify('cpu=0   \tfound=96 invalid=0 ignore=2185350')).toBe(2);
    expect(conntrackStatsParser.classify('insert_failed\t\t0')).toBe(2);
    expect(conntrackStatsParser.classify('found     \t\t3774748')).toBe(1);
    expect(conntrackStatsParser.classify('cpu  0.5%  us')).toBe(0);
    expect(conntrackStatsParser.classify('drop 5 packets please')).toBe(0);
    expect(
      conntrackStatsParser.classify('conntrack v1.4.6 (conntrack-tools): 1959 flow entries have been shown.'),
    ).toBe(0);
    expect(conntrackStatsParser.command.test('conntrack -S')).toBe(true);
    expect(conntrackStatsParser.command.test('conntrack --stats')).toBe(true);
    expect(conntrackStatsParser.command.test('conntrack -L')).toBe(false);
  });

  it('never throws on garbage and keeps memory bounded on many samples (synthetic)', () => {
    const lines: string[] = [];
    for (let s = 0; s < 100; s++) for (let cpu = 0; cpu < 4; cpu++) lines.push(`cpu=${cpu} insert_failed=${s} drop=x`);
    lines.push('\u0000\u0001 garbage =', 'cpu=', '=====');
    const value = parse(lines);
    expect(value.samples.length).toBeLessThanOrEqual(16);
    expect(value.samples[0]!.totals.insert_failed).toBe(0);
    expect(value.samples.at(-1)!.totals.insert_failed).toBe(4 * 99);
  });
});
