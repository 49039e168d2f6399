import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Diagnosis, diagnoseChunks, diagnoseText } from '../../../src/diagnose.js';
import { renderJson } from '../../../src/render/render-json.js';
import { loadRealFixtures } from '../golden/real-fixtures.js';
import { REAL_LINES, text } from './arbitraries.js';

/** The bytes of `t` cut into chunks of the given sizes (cycled), as a file or a pipe delivers them. */
function* chunked(bytes: Buffer, sizes: readonly number[]): Generator<Buffer> {
  let k = 0;
  for (let at = 0; at < bytes.length; k++) {
    const size = Math.max(1, sizes[k % sizes.length]!);
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

/** Everything the string path and the byte lane must agree on: the public JSON and the whole report. */
function same(byChunks: Diagnosis, byText: Diagnosis): void {
  expect(renderJson(byChunks)).toBe(renderJson(byText));
  expect(JSON.stringify(byChunks.report)).toBe(JSON.stringify(byText.report));
}

const CONNTRACK = REAL_LINES.filter((l) => /^\s*(?:ipv[46]\s+\d+\s+)?(?:tcp|udp|icmp)\s+\d+\s+\d+ .*src=/.test(l));

/** A conntrack line with something a paste or a terminal may add: decoration, tabs, non-ASCII, a cut, a prompt. */
const mutated = fc
  .tuple(
    fc.constantFrom(...CONNTRACK),
    fc.constantFrom(
      'none',
      'tab',
      'cr',
      'ansi',
      'entity',
      'quote',
      'fence-after',
      'nbsp',
      'zero-width',
      'glued-prompt',
      'cut',
      'hash',
      'dollar',
      'percent',
      'tilde',
      'backtick',
      'accent',
      'proto',
      'extended',
    ),
    fc.nat(),
  )
  .map(([line, how, at]) => {
    const i = at % (line.length + 1);
    const insert = (s: string) => line.slice(0, i) + s + line.slice(i);
    switch (how) {
      case 'tab':
        return line.replace(/ +/g, (m) => (at % 2 ? '\t' : m));
      case 'cr':
        return `${line}\r`;
      case 'ansi':
        return `\u001b[32m${line}\u001b[0m`;
      case 'entity':
        return insert('&gt;');
      case 'quote':
        return `> ${line}`;
      case 'fence-after':
        return `${line}\`\`\``;
      case 'nbsp':
        return insert('\u00a0');
      case 'zero-width':
        return insert('\u200b');
      case 'glued-prompt':
        return `${line}root@node-7:~# conntrack -S`;
      case 'cut':
        return line.slice(0, i);
      case 'hash':
        return insert('#');
      case 'dollar':
        return insert('$ ');
      case 'percent':
        return insert('%');
      case 'tilde':
        return insert('~~~');
      case 'backtick':
        return insert('`');
      case 'accent':
        return insert('é');
      case 'proto':
        return line.replace(/^(\s*)\S+/, '$1foo');
      case 'extended':
        return `ipv4     2 ${line}`;
      default:
        return line;
    }
  });

const around = fc.constantFrom(
  '',
  '$ conntrack -L',
  'root@node-7:~# conntrack -L -o extended',
  '```',
  'some prose about the node',
  'cpu=0 found=0 invalid=16 insert=0 insert_failed=0 drop=0 early_drop=0 error=0 search_restart=0',
  'conntrack v1.4.6 (conntrack-tools): 3 flow entries have been shown.',
  '',
);

/** Pasted conntrack listings with mutated lines, prompts, fences and prose around them. */
const conntrackPaste = fc
  .array(fc.oneof({ weight: 6, arbitrary: mutated }, { weight: 1, arbitrary: around }), { maxLength: 60 })
  .map((ls) => `${ls.join('\n')}\n`);

/** A collector report whose conntrack-list section holds the same kind of lines (byte counts must still add up). */
const conntrackReport = fc
  .tuple(fc.array(mutated, { maxLength: 40 }), fc.constantFrom('right', 'wrong', 'missing'))
  .map(([body, ending]) => {
    const before = `${[
      '#netcheck report version=1 host=node-7 start=1732380000 interval=5 deadline=60',
      '#netcheck section name=conntrack-list kind=conntrack-list status=ok rc=0 ms=10 at=1732380000 truncated=0 cmd=conntrack -L',
      ...body.map((l) => l.replaceAll('#netcheck', '#n')),
    ].join('\n')}\n`;
    const bytes = Buffer.byteLength(before);
    if (ending === 'missing') return before;
    return `${before}#netcheck end sections=1 bytes=${ending === 'right' ? bytes : bytes + 1}\n`;
  });

const sizes = fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 6 });

describe('diagnoseChunks (byte lane) gives what diagnoseText (string path) gives', () => {
  it('for every real fixture, in random chunkings', async () => {
    const fixtures = loadRealFixtures();
    expect(fixtures.length).toBeGreaterThan(50);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fixtures), sizes, async (fixture, cut) => {
        const bytes = Buffer.from(fixture.input);
        same(await diagnoseChunks(chunked(bytes, cut)), diagnoseText(fixture.input));
      }),
      { numRuns: 300 },
    );
    for (const fixture of fixtures) {
      const bytes = Buffer.from(fixture.input);
      same(await diagnoseChunks([bytes]), diagnoseText(fixture.input));
    }
  });

  it("for the property generators' texts", async () => {
    const input = text.map((t) => Buffer.from(t.slice(0, 50_000).replaceAll('\u0000', '')).toString()).filter(Boolean);
    await fc.assert(
      fc.asyncProperty(input, sizes, async (t, cut) => {
        same(await diagnoseChunks(chunked(Buffer.from(t), cut)), diagnoseText(t));
      }),
      { numRuns: 300 },
    );
  });

  it('for pasted conntrack listings with decorated, tabbed, non-ASCII, cut and glued lines', async () => {
    await fc.assert(
      fc.asyncProperty(conntrackPaste, sizes, async (t, cut) => {
        same(await diagnoseChunks(chunked(Buffer.from(t), cut)), diagnoseText(t));
      }),
      { numRuns: 400 },
    );
  });

  it('for collector reports with a conntrack-list section (byte counts, incomplete reports)', async () => {
    await fc.assert(
      fc.asyncProperty(conntrackReport, sizes, async (t, cut) => {
        same(await diagnoseChunks(chunked(Buffer.from(t), cut)), diagnoseText(t));
      }),
      { numRuns: 300 },
    );
  });

  it('takes most lines of a plain listing as bytes (the lane is used, not bypassed)', async () => {
    const body = `$ conntrack -L\n${CONNTRACK.join('\n')}\n`;
    const calls = { bytes: 0 };
    const { createReportBuilder } = await import('../../../src/parse/report-builder.js');
    const { PARSERS } = await import('../../../src/parse/parsers.js');
    const builder = createReportBuilder(PARSERS);
    const original = builder.pushBytes.bind(builder);
    builder.pushBytes = (b, s, e) => {
      const ok = original(b, s, e);
      if (ok) calls.bytes++;
      return ok;
    };
    const { createChunkSplitter } = await import('../../../src/input/read-lines.js');
    const splitter = createChunkSplitter({ bytes: builder.pushBytes, text: (l) => builder.push(l) });
    splitter.push(Buffer.from(body));
    splitter.end();
    expect(calls.bytes).toBeGreaterThan(CONNTRACK.length / 2);
    same(await diagnoseChunks([Buffer.from(body)]), diagnoseText(body));
  });

  it('takes most lines of a plain listing in runs (byteRun/took), with the same report', async () => {
    const body = `$ conntrack -L\n${CONNTRACK.join('\n')}\n`;
    const { createReportBuilder } = await import('../../../src/parse/report-builder.js');
    const { PARSERS } = await import('../../../src/parse/parsers.js');
    const { createChunkSplitter } = await import('../../../src/input/read-lines.js');
    const builder = createReportBuilder(PARSERS);
    let took = 0;
    const splitter = createChunkSplitter({
      bytes: (b, s, e) => builder.pushBytes(b, s, e),
      text: (l) => builder.push(l),
      byteRun: () => builder.byteRun(),
      took: (lines, bytes) => {
        took += lines;
        builder.took(lines, bytes);
      },
    });
    splitter.push(Buffer.from(body));
    splitter.end();
    expect(took).toBeGreaterThan(CONNTRACK.length / 2);
    const viaText = diagnoseText(body).report;
    expect(JSON.stringify(builder.end())).toBe(JSON.stringify(viaText));
  });

  it('reads an async stream and string chunks too', async () => {
    const body = `$ conntrack -L\n${CONNTRACK.join('\n')}\n`;
    async function* stream() {
      yield body.slice(0, 100);
      yield Buffer.from(body.slice(100));
    }
    same(await diagnoseChunks(stream()), diagnoseText(body));
    await expect(diagnoseChunks([])).rejects.toMatchObject({ code: 'empty' });
  });
});
