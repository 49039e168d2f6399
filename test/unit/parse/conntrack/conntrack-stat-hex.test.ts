import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import { conntrackStatHexParser } from '../../../../src/parse/conntrack/conntrack-stat-hex.js';
import type { ConntrackStatsValue } from '../../../../src/parse/conntrack/conntrack-stats.js';
import { parseLines } from '../parse-with.js';

const fixture = (slug: string) =>
  readFileSync(new URL(`../../../fixtures/real/${slug}/input.txt`, import.meta.url), 'utf8');

function parse(lines: string[]): ConntrackStatsValue {
  return parseLines(conntrackStatHexParser, lines).value;
}

// The 5.15+ header, as printed by ct_cpu_seq_show in torvalds/linux net/netfilter/nf_conntrack_standalone.c.
const HEADER_515 =
  'entries  clashres found new invalid ignore delete chainlength insert insert_failed drop early_drop icmp_error  expect_new expect_create expect_delete search_restart';

describe('conntrack-stat-hex parser', () => {
  // https://github.com/netdata/netdata/issues/161 (2016-04-03): classic header, 4th row cut off.
  it('reads the classic header, sums per-CPU rows, keeps entries once and skips the cut row', () => {
    const items = diagnoseText(fixture('a-proc-stat-hex-old-header-netdata-161')).report.items;
    const value = items.find((i) => i.kind === 'conntrack-stat-hex')!.value as ConntrackStatsValue;
    const sample = value.samples[0]!;
    expect(sample.source).toBe('proc-hex');
    expect(sample.cpus).toHaveLength(3);
    expect(sample.entries).toBe(0x71e);
    expect(sample.totals.entries).toBeUndefined();
    expect(sample.totals.drop).toBe(0x53a + 8);
    expect(sample.totals.insert_failed).toBe(0);
    expect(sample.totals.error).toBe(0x21251); // icmp_error
    expect(sample.totals.search_restart).toBe(0);
  });

  // https://github.com/google/nftables/issues/138 (2021-12-09): 5.10 `clashres` header after a blank line, row cut.
  it('detects the file behind a blank line in a fence and reads the clashres header', () => {
    const diagnosis = diagnoseText(fixture('a-conntrack-s-zero-and-hex-clashres-nftables-138'));
    expect(diagnosis.detected).toContain('conntrack-stat-hex');
    const item = diagnosis.report.items.find((i) => i.kind === 'conntrack-stat-hex')!;
    expect((item.value as ConntrackStatsValue).samples).toHaveLength(0);
    expect(item.notes.join(' ')).toMatch(/incomplete row/);
  });

  it('maps the 5.15 header names (clashres, chainlength) and starts a sample at a repeated header', () => {
    const row = (drop: string) =>
      `00000fce  00000003 00000000 00000000 00000004 00000000 00000000 00000001 00000000 000000c8 ${drop} 00000000 00000000  00000000 00000000 00000000 00000002`;
    const value = parse([HEADER_515, row('000001d8'), row('00000001'), HEADER_515, row('000001e0'), row('00000001')]);
    expect(value.samples).toHaveLength(2);
    expect(value.samples[0]!.totals.clash_resolve).toBe(6);
    expect(value.samples[0]!.totals.chaintoolong).toBe(2);
    expect(value.samples[0]!.totals.insert_failed).toBe(400);
    expect(value.samples.map((s) => s.totals.drop)).toEqual([0x1d8 + 1, 0x1e0 + 1]);
    expect(value.samples[1]!.entries).toBe(0xfce);
  });

  it('reads rows without a header by the classic column order', () => {
    const value = parse([
      '0000071e  0760e6ff 8c03e663 00522d9e 001e9e1a 00ac099f 006c61af 005a1da9 003fe1df 00000007 0000053a 00000002 00021251  00000029 00004b29 000069a6 00000000',
    ]);
    expect(value.samples[0]!.totals.insert_failed).toBe(7);
    expect(value.samples[0]!.totals.early_drop).toBe(2);
  });

  it('classifies headers and full rows as signatures, short hex runs as continuation, prose as nothing', () => {
    expect(conntrackStatHexParser.classify(HEADER_515)).toBe(2);
    expect(
      conntrackStatHexParser.classify(
        '00000002  000000cd 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000  00000000 00000000 00000000 00000000',
      ),
    ).toBe(2);
    expect(conntrackStatHexParser.classify('0000071e  004414c8 05638122 001b4c1a')).toBe(1);
    expect(conntrackStatHexParser.classify('deadline exceeded after 5s')).toBe(0);
    expect(conntrackStatHexParser.classify('entries 90')).toBe(0);
    expect(conntrackStatHexParser.command.test('cat /proc/net/stat/nf_conntrack')).toBe(true);
    expect(conntrackStatHexParser.command.test('cat /proc/net/nf_conntrack')).toBe(false);
  });
});
