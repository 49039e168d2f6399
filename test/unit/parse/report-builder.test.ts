import { describe, expect, it } from 'vitest';
import type { LineScore, Parser } from '../../../src/parse/parser.js';
import { createReportBuilder } from '../../../src/parse/report-builder.js';

/** Two small line-collecting parsers, enough to check how input is split into blocks. */
function collecting(kind: Parser['kind'], command: RegExp, classify: (l: string) => LineScore): Parser<string[]> {
  return {
    kind,
    command,
    classify,
    create: (context) => {
      const lines: string[] = context.command ? [`<${context.command}>`] : [];
      return { push: (l) => lines.push(l), end: () => ({ value: lines, notes: [] }) };
    },
  };
}

const stats = collecting('conntrack-stats', /^conntrack\s+-S/, (l) => (/^cpu=\d+\s/.test(l) ? 2 : 0));
const route = collecting('ip-route', /^ip\s+r/, (l) =>
  /^(default|\d+\.\d+\.\d+\.\d+(\/\d+)?)\s+(via|dev)\s/.test(l) ? 2 : /^\s+nexthop/.test(l) ? 1 : 0,
);

function build(text: string) {
  const b = createReportBuilder([stats, route]);
  for (const line of text.split('\n')) b.push(line);
  return b.end();
}

describe('createReportBuilder', () => {
  // Slack's composer closes a code block at the end of its last line (`...3104```), and opens one in front of the
  // first (```root@n1:~# ...): the last line still belongs to the block the fence closes.
  it('keeps the text in front of a closing fence in the block it closes', () => {
    const report = build(
      [
        '```root@node-7:~# conntrack -S',
        'cpu=0 found=1 insert_failed=5',
        'cpu=1 found=2 insert_failed=7```',
        'cpu=9 later',
      ].join('\n'),
    );
    expect(report.items.map((i) => i.value)).toEqual([
      ['<conntrack -S>', 'cpu=0 found=1 insert_failed=5', 'cpu=1 found=2 insert_failed=7'],
      ['cpu=9 later'],
    ]);
  });

  it('splits a prompt glued to the last output line into that line and a new block', () => {
    const report = build(
      [
        'root@node-7:~# ip route',
        'default via 10.0.0.1 dev eth0',
        '10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlinkroot@node-7:~# conntrack -S',
        'cpu=0 found=1 insert_failed=5',
      ].join('\n'),
    );
    expect(report.items.map((i) => [i.kind, i.value])).toEqual([
      [
        'ip-route',
        ['<ip route>', 'default via 10.0.0.1 dev eth0', '10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink'],
      ],
      ['conntrack-stats', ['<conntrack -S>', 'cpu=0 found=1 insert_failed=5']],
    ]);
  });

  it('splits a paste by prompts and by the kinds of its lines, ignoring prose', () => {
    const report = build(
      [
        'Hi, our node drops packets. Here is what I ran:',
        '```',
        'root@node-7:~# conntrack -S',
        'cpu=0 found=1 insert_failed=5',
        'cpu=1 found=2 insert_failed=7',
        '```',
        'and the routes:',
        'default via 10.0.0.1 dev eth0',
        '10.244.1.0/24 via 10.0.0.2 dev flannel.1 onlink',
        'Thanks!',
      ].join('\n'),
    );
    expect(report.detected).toEqual(['conntrack-stats', 'ip-route']);
    expect(report.items.map((i) => i.value)).toEqual([
      ['<conntrack -S>', 'cpu=0 found=1 insert_failed=5', 'cpu=1 found=2 insert_failed=7'],
      ['default via 10.0.0.1 dev eth0', '10.244.1.0/24 via 10.0.0.2 dev flannel.1 onlink'],
    ]);
    expect(report.items[0]!.source).toEqual({ line: 3, command: 'conntrack -S' });
    expect(report.notes.join(' ')).toMatch(/3 lines were not recognised/);
  });

  it('keeps a block together across a short prose gap, and ends it after a long one', () => {
    const short = build(['cpu=0 a=1', '(cut)', 'cpu=1 a=2'].join('\n'));
    expect(short.items).toHaveLength(1);
    expect(short.items[0]!.value).toEqual(['cpu=0 a=1', '(cut)', 'cpu=1 a=2']);
    const long = build(['cpu=0 a=1', 'one', 'two', 'three', 'cpu=1 a=2'].join('\n'));
    expect(long.items.map((i) => i.value)).toEqual([['cpu=0 a=1'], ['cpu=1 a=2']]);
  });

  it('cleans Slack escapes and quote markers before classifying', () => {
    const report = build(['&gt; cpu=0 found=1', '&gt; cpu=1 found=2'].join('\n'));
    expect(report.items[0]!.value).toEqual(['cpu=0 found=1', 'cpu=1 found=2']);
  });

  it('reads a collector report by its section headers and checks the byte count', () => {
    const body = [
      '#netcheck report version=1 host=node-7 start=100 interval=5',
      '#netcheck section name=s1 kind=conntrack-stats status=ok rc=0 ms=3 at=101 truncated=0 cmd=conntrack -S',
      'cpu=0 found=1',
      'not a stats line but inside the section',
      '#netcheck section name=r kind=ip-route status=missing rc=127 ms=0 at=102 truncated=0 cmd=ip route',
      'ip: not found',
    ];
    const bytes = Buffer.byteLength(`${body.join('\n')}\n`);
    const report = build([...body, `#netcheck end sections=2 bytes=${bytes}`].join('\n'));
    expect(report.collector).toMatchObject({ host: 'node-7', interval: 5, complete: true, sentinelSeen: true });
    expect(report.items).toHaveLength(1);
    expect(report.items[0]!.value).toEqual([
      '<conntrack -S>',
      'cpu=0 found=1',
      'not a stats line but inside the section',
    ]);
    expect(report.items[0]!.source.section).toMatchObject({ name: 's1', at: 101, rc: 0 });
    expect(report.collector!.sections.map((s) => s.status)).toEqual(['ok', 'missing']);

    const cut = build(body.slice(0, 3).join('\n'));
    expect(cut.collector).toMatchObject({ complete: false, sentinelSeen: false });
    const wrong = build([...body, `#netcheck end sections=2 bytes=${bytes + 10}`].join('\n'));
    expect(wrong.collector).toMatchObject({ complete: false, sentinelSeen: true, bytesDeclared: bytes + 10 });
  });

  it('survives a parser that throws', () => {
    const broken: Parser = {
      kind: 'sysctl',
      command: /^sysctl/,
      classify: (l) => {
        if (l.includes('boom')) throw new Error('classify boom');
        return l.startsWith('net.') ? 2 : 0;
      },
      create: () => ({
        push: (l) => {
          if (l.includes('bad')) throw new Error('push boom');
        },
        end: () => {
          throw new Error('end boom');
        },
      }),
    };
    const b = createReportBuilder([broken]);
    for (const l of ['boom', 'net.a = 1', 'net.bad = 2']) b.push(l);
    const report = b.end();
    expect(report.items).toEqual([]);
    expect(report.notes.join('\n')).toMatch(/end boom/);
    expect(report.notes.join('\n')).toMatch(/push boom/);
  });
});
