import type { Parsed, Parser } from '../../../src/parse/parser.js';

/** Feeds text to one parser, line by line, as the report builder would (optionally with the command). */
export function parseWith<T>(parser: Parser<T>, text: string, command?: string): Parsed<T> {
  const sink = parser.create(command ? { command } : {});
  for (const line of text.split('\n')) sink.push(line);
  return sink.end();
}
