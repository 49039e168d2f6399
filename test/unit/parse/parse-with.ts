import type { Parsed, Parser, SinkContext } from '../../../src/parse/parser.js';

/** Feeds lines to a fresh sink of `parser`, as the report builder would, and returns what it parsed. */
export function parseLines<T>(parser: Parser<T>, lines: string[], context: SinkContext = {}): Parsed<T> {
  const sink = parser.create(context);
  for (const line of lines) sink.push(line);
  return sink.end();
}

/** Feeds text to one parser, line by line (optionally with the command that printed it). */
export function parseWith<T>(parser: Parser<T>, text: string, command?: string): Parsed<T> {
  return parseLines(parser, text.split('\n'), command ? { command } : {});
}
