import type { Parser } from '../../../src/parse/parser.js';

/** Feeds lines to a fresh sink of `parser` and returns what it parsed. */
export function parseWith<T>(parser: Parser<T>, text: string, command?: string): { value: T; notes: string[] } {
  const sink = parser.create(command === undefined ? {} : { command });
  for (const line of text.split('\n')) sink.push(line);
  return sink.end();
}
