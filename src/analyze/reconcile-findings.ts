// The rules between findings of different analyzers (a full table explains insert failures and drops).
import type { Finding } from '../domain/finding.js';

/**
 * Rules between findings drawn by different analyzers. When the table is full, `insert_failed` and `drop` are
 * symptoms of that, not of the SNAT race or another cause (docs/findings.md): their evidence joins
 * `conntrack.table-full` and they are not reported on their own.
 */
export function reconcileFindings(findings: Finding[]): Finding[] {
  const tableFull = findings.find((f) => f.id === 'conntrack.table-full');
  if (!tableFull) return findings;
  const symptoms = new Set(['conntrack.insert-failed', 'conntrack.drops']);
  const folded = findings.filter((f) => symptoms.has(f.id));
  if (folded.length === 0) return findings;
  const evidence = [...new Set([...tableFull.evidence, ...folded.flatMap((f) => f.evidence)])];
  return findings.filter((f) => !symptoms.has(f.id)).map((f) => (f === tableFull ? { ...f, evidence } : f));
}
