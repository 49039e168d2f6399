// A finding (one conclusion with its evidence) and the order of severities.
/** How urgent a finding is (docs/findings.md, "Severity rules"). */
export type Severity = 'critical' | 'warning' | 'info';

/** One conclusion netcheck draws, with the evidence it was drawn from. `id` is a public, stable name. */
export interface Finding {
  id: string;
  severity: Severity;
  title: string;
  evidence: string[];
  fix?: string;
  docs?: string;
}

export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'warning', 'info'];

export function severityRank(severity: Severity): number {
  return SEVERITY_ORDER.indexOf(severity);
}
