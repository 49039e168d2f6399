// How deep a JSON text nests, counted on its bytes: brackets in strings and escaped quotes do not fool it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exceedsJsonDepth } from '../../../src/adapters/http/json-depth.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');

/** The nesting depth of a parsed JSON value (arrays and objects). */
function depthOf(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depthOf));
  if (value !== null && typeof value === 'object') return 1 + Math.max(0, ...Object.values(value).map(depthOf));
  return 0;
}

describe('exceedsJsonDepth', () => {
  it('counts objects and arrays, not brackets inside strings', () => {
    expect(exceedsJsonDepth(bytes('{"a":[{"b":1}]}'), 3)).toBe(false);
    expect(exceedsJsonDepth(bytes('{"a":[{"b":[1]}]}'), 3)).toBe(true);
    expect(exceedsJsonDepth(bytes('{"a":"[[[[{{{{"}'), 1)).toBe(false);
    expect(exceedsJsonDepth(bytes('{"a":"\\"[[[[","b":"\\\\"}'), 1)).toBe(false);
    expect(exceedsJsonDepth(bytes('{"ü€😀":"[[[[","b":{}}'), 2)).toBe(false);
    // A string ending in escaped backslashes ends at its quote; an escaped quote does not end it.
    expect(exceedsJsonDepth(bytes(JSON.stringify({ a: 'x\\', b: [[1]] })), 2)).toBe(true);
    expect(exceedsJsonDepth(bytes(JSON.stringify({ a: 'x\\\\"[[[', b: 1 })), 1)).toBe(false);
    expect(exceedsJsonDepth(bytes(JSON.stringify({ a: '\\"\\', b: [[1]] })), 2)).toBe(true);
    expect(exceedsJsonDepth(bytes(`${'['.repeat(10_000)}${']'.repeat(10_000)}`), 32)).toBe(true);
  });

  it('agrees with the depth of the parsed value', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.jsonValue({ maxDepth: 8 }), fc.array(fc.stringMatching(/^[\\"[\]{}a]*$/), { maxLength: 4 })),
        fc.integer({ min: 0, max: 8 }),
        (value, max) => {
          const text = JSON.stringify(value);
          expect(exceedsJsonDepth(bytes(text), max)).toBe(depthOf(value) > max);
        },
      ),
      { numRuns: 300 },
    );
  });
});
