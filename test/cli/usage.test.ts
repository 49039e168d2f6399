import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSI, BIN, fixture, netcheck, runProgram } from './run-cli.js';

const CONNTRACK_S = fixture('a-conntrack-s-one-insert-failed-telegraf-8955');
const TABLE_FULL = fixture('a-dmesg-table-full-k8s-18604');
/** A collector report cut off in transit: netcheck must still answer, with report.incomplete (fix and evidence). */
const CUT_REPORT = [
  '#netcheck report version=1 host=node-7 start=1732380000 interval=5 deadline=60',
  '#netcheck section name=conntrack-stats-1 kind=conntrack-stats status=ok rc=0 ms=3 at=1732380001 truncated=0 cmd=conntrack -S',
  'cpu=0 found=0 invalid=16 insert=0 insert_failed=0 drop=0 early_drop=0 error=0 search_restart=0',
  '',
].join('\n');
const PROSE = 'Hi team,\nour pods cannot reach each other since this morning.\nAny idea what to check first?\n';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'netcheck-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function json(stdout: string): { detected: string[]; findings: Record<string, unknown>[] } {
  return JSON.parse(stdout);
}

describe('help and usage errors', () => {
  it('--help lists the commands and exits 0', async () => {
    const r = await netcheck(['--help']);
    expect(r.code).toBe(0);
    for (const command of ['analyze', 'collect', 'collector'])
      expect(r.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
  });

  it('analyze --help describes FILE, - and --json, and exits 0', async () => {
    const r = await netcheck(['analyze', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--json/);
    expect(r.stdout).toMatch(/stdin/);
  });

  it.each([
    ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    ['an unknown option', ['analyze', '--jsno', CONNTRACK_S], /unknown option '--jsno'/],
    ['an unknown global option', ['--verbose'], /unknown option '--verbose'/],
    ['a non-numeric --interval', ['collect', '--local', '--interval', 'soon'], /--interval.*whole seconds/],
    ['a zero --interval', ['collect', '--local', '--interval', '0'], /--interval.*whole seconds/],
    ['a fractional --interval', ['collect', '--local', '--interval', '1.5'], /--interval.*whole seconds/],
    ['a missing --interval value', ['collect', '--local', '--interval'], /argument missing|--interval/],
    [
      'a missing file',
      ['analyze', '/nonexistent/netcheck/report.txt'],
      /no such file: \/nonexistent\/netcheck\/report\.txt/,
    ],
    ['a directory', ['analyze', '.'], /\. is a directory/],
  ])('%s exits 2 with a clear message on stderr and nothing on stdout', async (_label, args, message) => {
    const r = await netcheck(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
  });

  it('collect with no node, --all or --local exits 2 and names them', async () => {
    const r = await netcheck(['collect']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--local/);
  });
});

describe('unusable input', () => {
  it.each([
    ['an empty file', () => ['analyze', file('empty.txt', '')], undefined],
    ['empty stdin', () => ['analyze', '-'], ''],
    ['empty stdin with --json', () => ['analyze', '--json', '-'], ''],
  ])('%s exits 1 and says the input is empty', async (_label, args, input) => {
    const r = await netcheck(args(), input === undefined ? {} : { input });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/netcheck: the input is empty/);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it.each([
    [
      'a binary file',
      () => ['analyze', file('core.bin', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 0, 10]))],
      undefined,
    ],
    ['binary stdin', () => ['analyze', '-'], Buffer.concat([Buffer.from('cpu=0 found=1\n'), Buffer.alloc(16)])],
    [
      'a gzip file',
      () => ['analyze', '--json', file('report.txt.gz', Buffer.from('1f8b0800000000000003', 'hex'))],
      undefined,
    ],
  ])('%s exits 1 and says the input is binary', async (_label, args, input) => {
    const r = await netcheck(args(), input === undefined ? {} : { input });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/netcheck: the input is binary/);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it('unrecognised prose exits 1 with a message, and --json still prints valid JSON', async () => {
    const text = await netcheck(['analyze', file('prose.txt', PROSE)]);
    expect(text.code).toBe(1);
    expect(text.stderr).toMatch(/no command output was recognised/);
    expect(text.stdout).toMatch(/nothing recognised/);
    const r = await netcheck(['analyze', '--json', '-'], { input: PROSE });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no command output was recognised/);
    expect(json(r.stdout)).toEqual({ detected: [], findings: [] });
  });
});

describe('analyze output', () => {
  it('gives identical JSON for a file and for the same bytes on stdin', async () => {
    for (const path of [CONNTRACK_S, TABLE_FULL, file('cut-report.txt', CUT_REPORT)]) {
      const fromFile = await netcheck(['analyze', '--json', path]);
      const fromStdin = await netcheck(['analyze', '--json', '-'], { input: readFileSync(path) });
      expect(fromStdin.code).toBe(fromFile.code);
      expect(fromStdin.stdout).toBe(fromFile.stdout);
      expect(fromStdin.stdout.length).toBeGreaterThan(0);
    }
  });

  it('reads stdin when no FILE is given and stdin is not a terminal', async () => {
    const r = await netcheck(['analyze', '--json'], { input: CUT_REPORT });
    const dash = await netcheck(['analyze', '--json', '-'], { input: CUT_REPORT });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(dash.stdout);
  });

  it('--json prints exactly { detected, findings } and each finding has id, severity, title, evidence (fix, docs optional)', async () => {
    for (const path of [CONNTRACK_S, TABLE_FULL, file('cut-report-2.txt', CUT_REPORT)]) {
      const r = await netcheck(['analyze', '--json', path]);
      const out = json(r.stdout);
      expect(Object.keys(out).sort()).toEqual(['detected', 'findings']);
      expect(Array.isArray(out.detected)).toBe(true);
      for (const finding of out.findings) {
        expect(
          Object.keys(finding).every((k) => ['id', 'severity', 'title', 'evidence', 'fix', 'docs'].includes(k)),
        ).toBe(true);
        expect(finding.id).toMatch(/^[a-z0-9-]+\.[a-z0-9-]+$/);
        expect(['critical', 'warning', 'info']).toContain(finding.severity);
        expect(typeof finding.title).toBe('string');
        expect(Array.isArray(finding.evidence)).toBe(true);
        for (const e of finding.evidence as unknown[]) expect(typeof e).toBe('string');
        if ('fix' in finding) expect(typeof finding.fix).toBe('string');
        if ('docs' in finding) expect(typeof finding.docs).toBe('string');
      }
    }
  });

  it('a report cut off in transit exits 0 with report.incomplete (evidence and fix)', async () => {
    const r = await netcheck(['analyze', '--json', '-'], { input: CUT_REPORT });
    expect(r.code).toBe(0);
    const incomplete = json(r.stdout).findings.find((f) => f.id === 'report.incomplete');
    expect(incomplete).toMatchObject({ severity: 'warning' });
    expect(((incomplete?.evidence ?? []) as string[]).join(' ')).toMatch(/no "#netcheck end" line/);
    expect(typeof incomplete?.fix).toBe('string');
  });

  it('detects conntrack -S and a kernel table-full log in pasted text', async () => {
    expect(json((await netcheck(['analyze', '--json', CONNTRACK_S])).stdout).detected).toContain('conntrack-stats');
    const full = json((await netcheck(['analyze', '--json', TABLE_FULL])).stdout);
    expect(full.detected).toContain('kernel-log');
    expect(full.findings.map((f) => f.id)).toContain('conntrack.table-full');
  });
});

describe('colour', () => {
  const ttyRunner = [
    'import os, subprocess, sys',
    'm, s = os.openpty()',
    'p = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=s, stderr=subprocess.DEVNULL)',
    'os.close(s)',
    'out = b""',
    'while True:',
    '    try:',
    '        d = os.read(m, 65536)',
    '    except OSError:',
    '        break',
    '    if not d:',
    '        break',
    '    out += d',
    'sys.stdout.buffer.write(out)',
    'sys.exit(p.wait())',
  ].join('\n');
  /** Runs netcheck with its stdout on a pseudo-terminal. */
  const onTty = (args: string[], env: Record<string, string> = {}) =>
    runProgram('python3', ['-c', ttyRunner, process.execPath, ...args], { env });
  const hasPython = runProgram('python3', ['-c', 'import pty']).then(
    (r) => r.code === 0,
    () => false,
  );

  it('is off when stdout is a pipe', async () => {
    const r = await netcheck(['analyze', CONNTRACK_S]);
    expect(r.stdout).toMatch(/netcheck/);
    expect(r.stdout).not.toMatch(ANSI);
  });

  it('is on with FORCE_COLOR=1, and off again with NO_COLOR or --no-color', async () => {
    expect((await netcheck(['analyze', CONNTRACK_S], { env: { FORCE_COLOR: '1' } })).stdout).toMatch(ANSI);
    expect((await netcheck(['analyze', CONNTRACK_S], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).stdout).not.toMatch(
      ANSI,
    );
    expect((await netcheck(['analyze', '--no-color', CONNTRACK_S], { env: { FORCE_COLOR: '1' } })).stdout).not.toMatch(
      ANSI,
    );
  });

  it('is never in --json output, even when forced', async () => {
    const r = await netcheck(['analyze', '--json', CONNTRACK_S], { env: { FORCE_COLOR: '1' } });
    expect(r.stdout).not.toMatch(ANSI);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });

  it('is on when stdout is a terminal, and off there with NO_COLOR or --no-color', async (ctx) => {
    if (!(await hasPython)) ctx.skip();
    expect((await onTty([BIN, 'analyze', CONNTRACK_S])).stdout).toMatch(ANSI);
    expect((await onTty([BIN, 'analyze', CONNTRACK_S], { NO_COLOR: '1' })).stdout).not.toMatch(ANSI);
    expect((await onTty([BIN, 'analyze', '--no-color', CONNTRACK_S])).stdout).not.toMatch(ANSI);
  });
});
