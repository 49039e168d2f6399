import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import {
  type ConntrackCountValue,
  conntrackCountParser,
  keysOfCommand,
} from '../../../../src/parse/conntrack/conntrack-count.js';
import { parseLines } from '../parse-with.js';

const fixture = (slug: string) =>
  readFileSync(new URL(`../../../fixtures/real/${slug}/input.txt`, import.meta.url), 'utf8');

function counts(text: string): ConntrackCountValue[] {
  return diagnoseText(text)
    .report.items.filter((i) => i.kind === 'conntrack-count')
    .map((i) => i.value as ConntrackCountValue);
}

function parse(lines: string[], command?: string, section?: string): ConntrackCountValue {
  return parseLines(conntrackCountParser, lines, { ...(command ? { command } : {}), ...(section ? { section } : {}) })
    .value;
}

describe('conntrack-count parser', () => {
  // https://github.com/NixOS/nixpkgs/issues/12987 (2019-03-30): two `$ cat` prompts, one value each.
  it('tells buckets from max by the command of each prompt', () => {
    const values = counts(fixture('a-proc-buckets-max-laptop-nixos-12987'));
    expect(values.map((v) => [v.buckets, v.max])).toEqual([
      [65536, undefined],
      [undefined, 262144],
    ]);
  });

  // https://github.com/hackerschoice/segfault/issues/50 (2022-11-04): the legacy path, command without a prompt.
  it('reads a bare `cat` line without a prompt and the value under it', () => {
    const [value] = counts(fixture('a-proc-legacy-max-path-segfault-50'));
    expect(value!.max).toBe(262144);
    expect(value!.via).toEqual(['legacy /proc path']);
  });

  // https://github.com/metal-stack/firewall-controller/pull/165 (2023-09-01): `# cat` prompts, before and after.
  it('keeps the later value of a key and reads the module hashsize', () => {
    const values = counts(fixture('a-proc-max-before-after-journald-json-metal-stack-165'));
    expect(values.map((v) => v.max).filter((m) => m !== undefined)).toEqual([262144, 4194304]);
    expect(values.at(-1)!.buckets).toBe(4194304);
  });

  it('reads `cat nf_conntrack_{count,max}` as two values in order (brace expansion)', () => {
    expect(keysOfCommand('cat /proc/sys/net/netfilter/nf_conntrack_{count,max}')).toEqual(['count', 'max']);
    expect(
      keysOfCommand('cat /proc/sys/net/netfilter/nf_conntrack_max /proc/sys/net/netfilter/nf_conntrack_count'),
    ).toEqual(['max', 'count']);
    const value = parse(['  196542', '262144'], 'cat /proc/sys/net/netfilter/nf_conntrack_{count,max}');
    expect([value.count, value.max]).toEqual([196542, 262144]);
  });

  it('reads `conntrack -C`, `| wc -l` and its error text', () => {
    expect(parse(['1959'], 'conntrack -C').count).toBe(1959);
    expect(parse(['1234'], 'conntrack -L 2>/dev/null | wc -l').count).toBe(1234);
    const failed = parse(
      ['conntrack v1.4.4 (conntrack-tools): Operation failed: Operation not permitted'],
      'conntrack -C',
    );
    expect(failed.count).toBeUndefined();
    expect(failed.errors[0]).toMatch(/Operation failed/);
    expect(conntrackCountParser.command.test('conntrack -C')).toBe(true);
    expect(conntrackCountParser.command.test('conntrack -L -p udp')).toBe(false);
  });

  it('reads the collector lines, grep ./head banners and wc -l of the /proc listing', () => {
    const collector = parse(
      [
        'nf_conntrack_count=1204',
        'nf_conntrack_max=262144',
        'nf_conntrack_buckets=65536',
        'hashsize=65536',
        'source=proc-netfilter',
      ],
      undefined,
      'conntrack-count',
    );
    expect([collector.count, collector.max, collector.buckets]).toEqual([1204, 262144, 65536]);
    expect(collector.via).toEqual(['/proc/sys/net/netfilter']);
    const grep = parse([
      '/proc/sys/net/netfilter/nf_conntrack_count:5',
      '/proc/sys/net/netfilter/nf_conntrack_max:65536',
    ]);
    expect([grep.count, grep.max]).toEqual([5, 65536]);
    const head = parse([
      '==> /proc/sys/net/netfilter/nf_conntrack_count <==',
      '77',
      '',
      '==> /proc/sys/net/netfilter/nf_conntrack_max <==',
      '131072',
    ]);
    expect([head.count, head.max]).toEqual([77, 131072]);
    expect(parse(['  48211 /proc/net/nf_conntrack']).count).toBe(48211);
  });

  it('keeps the `conntrack -L | wc -l` count when the stderr trailer comes first', () => {
    const [value] = counts(
      '$ conntrack -L | wc -l\nconntrack v1.4.6 (conntrack-tools): 250000 flow entries have been shown.\n250000',
    );
    expect(value!.count).toBe(250000);
  });

  it('notes a bare number with nothing to tell what it is', () => {
    const sink = conntrackCountParser.create({});
    sink.push('42');
    const parsed = sink.end();
    expect(parsed.value.count).toBeUndefined();
    expect(parsed.notes.join(' ')).toMatch(/without a file name/);
  });

  it('classifies its signatures and leaves unrelated lines alone', () => {
    expect(conntrackCountParser.classify('nf_conntrack_count=1204')).toBe(2);
    expect(conntrackCountParser.classify('cat /proc/sys/net/netfilter/nf_conntrack_count')).toBe(2);
    expect(
      conntrackCountParser.classify('cat: /proc/sys/net/netfilter/nf_conntrack_count: No such file or directory'),
    ).toBe(2);
    expect(conntrackCountParser.classify('262144')).toBe(1);
    expect(conntrackCountParser.classify('net.netfilter.nf_conntrack_count = 5')).toBe(0);
    expect(conntrackCountParser.classify('node_nf_conntrack_entries 205')).toBe(0);
  });
});
