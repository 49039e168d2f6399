import { analyze } from './analyze/analyze.js';
import type { Finding } from './domain/finding.js';
import type { KindId } from './domain/kind.js';
import type { Report } from './domain/report.js';
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

function conclude(report: Report): Diagnosis {
  return { detected: report.detected, findings: analyze(report), report };
}
