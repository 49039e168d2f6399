// Merges findings that share an id into one: the most severe gives title and fix, the evidence is joined.
import { type Finding, severityRank } from '../domain/finding.js';

/**
 * Merges findings that share an id (several analyzers may see the same problem from different evidence): the most
 * severe one gives the title and fix, the evidence lines are joined without repeats.
 */
export function mergeFindings(findings: readonly Finding[]): Finding[] {
  const byId = new Map<string, Finding>();
  for (const finding of findings) {
    const seen = byId.get(finding.id);
    if (!seen) {
      byId.set(finding.id, { ...finding, evidence: [...finding.evidence] });
      continue;
    }
    const [lead, other] =
      severityRank(finding.severity) < severityRank(seen.severity) ? [finding, seen] : [seen, finding];
    const merged: Finding = {
      ...lead,
      evidence: unique([...lead.evidence, ...other.evidence]),
    };
    const fix = lead.fix ?? other.fix;
    if (fix !== undefined) merged.fix = fix;
    const docs = lead.docs ?? other.docs;
    if (docs !== undefined) merged.docs = docs;
    byId.set(finding.id, merged);
  }
  return [...byId.values()];
}

function unique(lines: string[]): string[] {
  return [...new Set(lines)];
}
