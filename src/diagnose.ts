// Text, lines or bytes in, a Diagnosis out: the report builder, the parsers and the analyzers tied together (pure).
import { analyze } from './analyze/analyze.js';
import type { Finding } from './domain/finding.js';
import type { KindId } from './domain/kind.js';
import type { Report } from './domain/report.js';
import { createChunkSplitter } from './input/read-lines.js';
import { PARSERS } from './parse/parsers.js';
import { createReportBuilder } from './parse/report-builder.js';

/** What netcheck concluded from one input. `detected` and `findings` are the public JSON shape. */
export interface Diagnosis {
  detected: KindId[];
  findings: Finding[];
  report: Report;
}

/** Diagnoses text held in memory (a paste, a test fixture). */
export function diagnoseText(text: string): Diagnosis {
  const builder = createReportBuilder(PARSERS);
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const line of lines) builder.push(line);
  return conclude(builder.end());
}

/** Diagnoses a stream of lines, or of batches of lines (a file or stdin of any size), with bounded memory. */
export async function diagnoseLines(lines: AsyncIterable<string | readonly string[]>): Promise<Diagnosis> {
  const builder = createReportBuilder(PARSERS);
  for await (const item of lines) {
    if (typeof item === 'string') builder.push(item);
    else for (const line of item) builder.push(line);
  }
  return conclude(builder.end());
}

/**
 * Diagnoses a byte stream (a file or stdin of any size) with bounded memory: the lines of `readLines`, with a byte
 * lane for large outputs. A line inside an open block whose parser reads bytes (`LineSink.pushBytes`) is offered as
 * bytes first and is never decoded when the parser takes it; every other line is decoded and pushed as text. The
 * result is the one `diagnoseText` gives for the same text. A synchronous iterable is read synchronously.
 */
export async function diagnoseChunks(
  chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
): Promise<Diagnosis> {
  const builder = createReportBuilder(PARSERS);
  const splitter = createChunkSplitter({
    bytes: (chunk, start, end) => builder.pushBytes(chunk, start, end),
    text: (line) => builder.push(line),
    byteRun: () => builder.byteRun(),
    took: (lines, bytes) => builder.took(lines, bytes),
  });
  const push = (chunk: Uint8Array | string) => splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  if (Symbol.iterator in chunks) for (const chunk of chunks) push(chunk);
  else for await (const chunk of chunks) push(chunk);
  splitter.end();
  return conclude(builder.end());
}

function conclude(report: Report): Diagnosis {
  return { detected: report.detected, findings: analyze(report), report };
}
