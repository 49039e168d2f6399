// The `--json` output: exactly `{ detected, findings }`.
import type { Finding } from '../domain/finding.js';
import type { KindId } from '../domain/kind.js';

/** The `--json` shape of docs/findings.md: exactly `{ detected, findings }`. */
export function renderJson(diagnosis: { detected: readonly KindId[]; findings: readonly Finding[] }): string {
  const findings = diagnosis.findings.map((f) => {
    const out: Finding = { id: f.id, severity: f.severity, title: f.title, evidence: f.evidence };
    if (f.fix !== undefined) out.fix = f.fix;
    if (f.docs !== undefined) out.docs = f.docs;
    return out;
  });
  return `${JSON.stringify({ detected: diagnosis.detected, findings }, null, 2)}\n`;
}
