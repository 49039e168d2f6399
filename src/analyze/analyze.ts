// Runs the analyzers on a report and orders their findings: one per id, rules between them applied, most severe first.
import { type Finding, severityRank } from '../domain/finding.js';
import type { Report } from '../domain/report.js';
import type { Analyzer } from './analyzer.js';
import { ANALYZERS } from './analyzers.js';
import { mergeFindings } from './merge-findings.js';
import { reconcileFindings } from './reconcile-findings.js';

/**
 * Runs every analyzer on a report and returns one finding per id, most severe first. Deterministic: the same report
 * always gives the same list in the same order.
 */
export function analyze(report: Report, analyzers: readonly Analyzer[] = ANALYZERS): Finding[] {
  const all: Finding[] = [];
  for (const analyzer of analyzers) {
    try {
      all.push(...analyzer(report));
    } catch (error) {
      all.push({
        id: 'report.analyzer-failed',
        severity: 'info',
        title: 'Part of the analysis failed on this input; the other findings stand',
        evidence: [`${analyzer.name || 'an analyzer'}: ${error instanceof Error ? error.message : String(error)}`],
      });
    }
  }
  return orderFindings(all);
}

/** One finding per id, the rules between findings applied, most severe first (then by id). */
export function orderFindings(findings: readonly Finding[]): Finding[] {
  return reconcileFindings(mergeFindings(findings)).sort(
    (a, b) => severityRank(a.severity) - severityRank(b.severity) || a.id.localeCompare(b.id),
  );
}
