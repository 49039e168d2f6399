// The `--json` output: `{ detected, findings }`, and `stripped` when decoration was taken off the input.
import type { Finding } from '../domain/finding.js';
import type { KindId } from '../domain/kind.js';

/**
 * The `--json` shape of docs/findings.md: `{ detected, findings }`, plus `stripped` (what decoration was taken off
 * the input's lines: line numbers, borders, log prefixes...) only when there was some.
 */
export function renderJson(diagnosis: {
  detected: readonly KindId[];
  findings: readonly Finding[];
  report?: { stripped?: readonly string[] };
}): string {
  const findings = diagnosis.findings.map((f) => {
    const out: Finding = { id: f.id, severity: f.severity, title: f.title, evidence: f.evidence };
    if (f.fix !== undefined) out.fix = f.fix;
    if (f.docs !== undefined) out.docs = f.docs;
    return out;
  });
  const stripped = diagnosis.report?.stripped;
  const out =
    stripped && stripped.length > 0
      ? { detected: diagnosis.detected, findings, stripped }
      : { detected: diagnosis.detected, findings };
  return `${JSON.stringify(out, null, 2)}\n`;
}
