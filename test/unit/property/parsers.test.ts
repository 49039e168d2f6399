import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KINDS } from '../../../src/domain/kind.js';
import type { Parser, SinkContext } from '../../../src/parse/parser.js';
import { PARSERS } from '../../../src/parse/parsers.js';
import { commands, context, line, lines } from './arbitraries.js';

const RUNS = 200;

const isParser = (value: unknown): value is Parser =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Parser).kind === 'string' &&
  (value as Parser).command instanceof RegExp &&
  typeof (value as Parser).classify === 'function' &&
  typeof (value as Parser).create === 'function';

/** The registered parsers, and any parser a module of src/parse (any family folder) exports before it is registered. */
async function allParsers(): Promise<Parser[]> {
  const found = new Set<Parser>(PARSERS);
  const dir = join(import.meta.dirname, '..', '..', '..', 'src', 'parse');
  const modules = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.as.ts'))
    .sort();
  for (const file of modules) {
    const module: Record<string, unknown> = await import(pathToFileURL(join(dir, file)).href);
    for (const value of Object.values(module)) if (isParser(value)) found.add(value);
  }
  return [...found];
}

const parsers = await allParsers();

/** The contexts a parser meets: none, its own commands (as a prompt or a collector section names them), others. */
function contextsFor(parser: Parser): fc.Arbitrary<SinkContext> {
  const own = commands.filter((c) => parser.command.test(c));
  return own.length > 0
    ? fc.oneof(
        context,
        fc.constantFrom(...own).map((command) => ({ command, section: `${parser.kind}-1` })),
      )
    : context;
}

describe('every registered parser', () => {
  it('has a known kind and a command pattern; registered kinds are unique', () => {
    const kinds = PARSERS.map((p) => p.kind);
    for (const parser of parsers) {
      expect(KINDS).toContain(parser.kind);
      expect(parser.command).toBeInstanceOf(RegExp);
    }
    expect(new Set(kinds).size).toBe(kinds.length);
  });

  for (const parser of parsers) {
    describe(`${parser.kind}${PARSERS.includes(parser) ? '' : ' (not registered in PARSERS yet)'}`, () => {
      it('classify never throws and returns 0, 1 or 2 on any line', () => {
        fc.assert(
          fc.property(line, (l) => {
            expect([0, 1, 2]).toContain(parser.classify(l));
          }),
          { numRuns: RUNS * 2 },
        );
      });

      it('push and end never throw on any lines, in any context, and return a value with string notes', () => {
        fc.assert(
          fc.property(contextsFor(parser), lines, (ctx, ls) => {
            const sink = parser.create(ctx);
            for (const l of ls) sink.push(l);
            const parsed = sink.end();
            expect(parsed).toHaveProperty('value');
            expect(Array.isArray(parsed.notes)).toBe(true);
            for (const note of parsed.notes) expect(typeof note).toBe('string');
          }),
          { numRuns: RUNS },
        );
      });

      it('end works on an empty block and gives the same value for the same lines', () => {
        expect(() => parser.create({}).end()).not.toThrow();
        fc.assert(
          fc.property(contextsFor(parser), lines, (ctx, ls) => {
            const run = () => {
              const sink = parser.create(ctx);
              for (const l of ls) sink.push(l);
              return sink.end();
            };
            expect(run()).toEqual(run());
          }),
          { numRuns: RUNS / 4 },
        );
      });
    });
  }
});
