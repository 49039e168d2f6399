// The analyzer contract: a pure function from a report to findings.
import type { Finding } from '../domain/finding.js';
import type { Report } from '../domain/report.js';

/** Draws findings from a report. Pure: no I/O, no clock, no randomness. Never throws on odd data. */
export type Analyzer = (report: Report) => Finding[];
