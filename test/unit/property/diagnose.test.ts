import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Diagnosis, diagnoseLines, diagnoseText } from '../../../src/diagnose.js';
import { KINDS } from '../../../src/domain/kind.js';
import { readLines } from '../../../src/input/read-lines.js';
import { renderJson } from '../../../src/render/render-json.js';
import { commands, lines, line as oneLine, REAL_LINES, text } from './arbitraries.js';

const SEVERITIES = ['critical', 'warning', 'info'];

function checkShape(d: Diagnosis): void {
  for (const kind of d.detected) expect(KINDS).toContain(kind);
  expect(new Set(d.detected).size).toBe(d.detected.length);
  for (const f of d.findings) {
    expect(typeof f.id).toBe('string');
    expect(SEVERITIES).toContain(f.severity);
    expect(typeof f.title).toBe('string');
    expect(Array.isArray(f.evidence)).toBe(true);
  }
  const json = JSON.parse(renderJson(d));
  // `stripped` is there exactly when decoration was taken off the input.
  const keys = d.report.stripped ? ['detected', 'findings', 'stripped'] : ['detected', 'findings'];
  expect(Object.keys(json).sort()).toEqual(keys);
  if (d.report.stripped) expect(d.report.stripped.length).toBeGreaterThan(0);
}

const hasIncomplete = (d: Diagnosis) => d.findings.some((f) => f.id === 'report.incomplete');

/** A section body: real or generated lines that cannot be mistaken for a `#netcheck` line after cleaning. */
const body = lines.map((ls) => ls.filter((l) => !l.includes('#netcheck')).map((l) => l.replaceAll('\n', ' ')));

const section = fc.record({
  name: fc.oneof(
    fc.stringMatching(/^[a-z0-9-]{1,20}$/),
    fc.constantFrom('basics', 'conntrack-stats-1', 'iptables-save'),
  ),
  kind: fc.oneof(fc.constantFrom(...KINDS, 'text'), fc.stringMatching(/^[a-z-]{1,12}$/)),
  status: fc.constantFrom('ok', 'ok', 'ok', 'failed', 'missing', 'timeout', 'skipped', 'weird'),
  rc: fc.oneof(fc.constant(0), fc.integer({ min: -1, max: 255 })),
  truncated: fc.boolean(),
  cmd: fc.oneof(
    fc.constantFrom(...commands),
    fc.string({ maxLength: 30 }).map((s) => s.replaceAll('\n', ' ')),
  ),
  body,
});

interface ReportParts {
  header: string;
  sections: {
    name: string;
    kind: string;
    status: string;
    rc: number;
    truncated: boolean;
    cmd: string;
    body: string[];
  }[];
}

const reportParts: fc.Arbitrary<ReportParts> = fc.record({
  header: fc.constantFrom(
    '#netcheck report version=1 host=node-7 start=1732380000 interval=5 deadline=60',
    '#netcheck report version=1',
    '#netcheck report',
    '#netcheck report version=x host= start=-1 interval=1.5',
  ),
  sections: fc.array(section, { maxLength: 8 }),
});

/** The report text before its end line, and its byte count (what the sentinel line must declare). */
function reportBody(parts: ReportParts): { before: string; bytes: number; count: number } {
  const out = [parts.header];
  parts.sections.forEach((s, i) => {
    out.push(
      `#netcheck section name=${s.name} kind=${s.kind} status=${s.status} rc=${s.rc} ms=${i * 10} at=${1732380000 + i} truncated=${s.truncated ? 1 : 0} cmd=${s.cmd}`,
      ...s.body,
    );
  });
  const before = `${out.join('\n')}\n`;
  return { before, bytes: Buffer.byteLength(before), count: parts.sections.length };
}

async function* chunksOf(textValue: string, size: number): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(textValue);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function* linesOf(textValue: string): AsyncGenerator<string> {
  const ls = textValue.split('\n');
  if (ls.at(-1) === '') ls.pop();
  yield* ls;
}

describe('diagnoseText', () => {
  it('never throws on arbitrary text and always gives the public shape', () => {
    fc.assert(
      fc.property(text, (t) => {
        checkShape(diagnoseText(t));
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on garbled collector reports (stray #netcheck lines, missing end, wrong byte counts)', () => {
    const garbage = fc.oneof(
      oneLine,
      fc.constantFrom(
        '#netcheck',
        '#netcheck ',
        '#netcheck section',
        '#netcheck section name=',
        '#netcheck section name=x kind=conntrack-stats cmd=',
        '#netcheck section kind=iptables-save',
        '#netcheck end',
        '#netcheck end sections=x bytes=-5',
        '#netcheck end bytes=99999999999999999999999',
        '#netcheck report version=1',
        '#netcheck bogus a=b',
        '> #netcheck end sections=1 bytes=10',
        '#netcheck section name=a\u0000 kind=\u001b[31m cmd=\ud800',
      ),
    );
    fc.assert(
      fc.property(
        reportParts,
        fc.array(fc.tuple(fc.nat(), garbage), { maxLength: 6 }),
        fc.constantFrom('right', 'wrong', 'missing', 'twice'),
        fc.nat(),
        (parts, inserts, ending, cut) => {
          const { before, bytes, count } = reportBody(parts);
          const ls = before.split('\n');
          for (const [at, g] of inserts) ls.splice(at % (ls.length + 1), 0, g);
          let t = ls.join('\n');
          if (ending === 'right') t += `#netcheck end sections=${count} bytes=${bytes}\n`;
          if (ending === 'wrong') t += `#netcheck end sections=${count} bytes=${bytes + 1 + (cut % 1000)}\n`;
          if (ending === 'twice') t += `#netcheck end sections=${count} bytes=${bytes}\n#netcheck end bytes=1\nafter\n`;
          if (ending === 'missing') t = t.slice(0, cut % (t.length + 1));
          const d = diagnoseText(t);
          checkShape(d);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('says a report is incomplete exactly when its end line is missing or its byte count is wrong', () => {
    fc.assert(
      fc.property(
        reportParts,
        fc.constantFrom('right', 'wrong', 'missing'),
        fc.integer({ min: 1, max: 5000 }),
        (parts, ending, delta) => {
          const { before, bytes, count } = reportBody(parts);
          const declared = ending === 'wrong' ? bytes + delta : bytes;
          const t = ending === 'missing' ? before : `${before}#netcheck end sections=${count} bytes=${declared}\n`;
          const d = diagnoseText(t);
          expect(d.report.collector).toBeDefined();
          expect(hasIncomplete(d)).toBe(ending !== 'right');
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('analysis is deterministic', () => {
  /** Text readLines accepts (non-empty, no NUL, encodable) and short enough to run many times. */
  const input = text
    .map((t) => Buffer.from(t.slice(0, 50_000).replaceAll('\u0000', '')).toString())
    .filter((t) => t.length > 0);

  it('gives deeply equal JSON for the same text twice', () => {
    fc.assert(
      fc.property(input, (t) => {
        const a = diagnoseText(t);
        const b = diagnoseText(t);
        expect(renderJson(b)).toBe(renderJson(a));
        expect(b.report.notes).toEqual(a.report.notes);
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same result for one string, lines one by one, and byte chunks of any size', async () => {
    await fc.assert(
      fc.asyncProperty(input, fc.integer({ min: 1, max: 70_000 }), async (t, size) => {
        const whole = renderJson(diagnoseText(t));
        expect(renderJson(await diagnoseLines(linesOf(t)))).toBe(whole);
        expect(renderJson(await diagnoseLines(readLines(chunksOf(t, size))))).toBe(whole);
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same result for a whole real-looking paste in any chunking', async () => {
    const paste = `${REAL_LINES.slice(0, 400).join('\n')}\n`;
    const whole = renderJson(diagnoseText(paste));
    for (const size of [1, 7, 4096, 65536]) {
      expect(renderJson(await diagnoseLines(readLines(chunksOf(paste, size))))).toBe(whole);
    }
  });
});
