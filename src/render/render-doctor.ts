// `netcheck doctor`'s output: one line per check with ✓ or ✗ (and the fix under a ✗), or the `--json` document.
import { DOCTOR_AREAS, type DoctorCheck } from '../domain/doctor-check.js';

/** The checks grouped by area in DOCTOR_AREAS' order, one line each, then a summary line. */
export function renderDoctorText(checks: readonly DoctorCheck[]): string {
  const lines: string[] = [];
  for (const area of DOCTOR_AREAS) {
    const inArea = checks.filter((c) => c.area === area);
    if (inArea.length === 0) continue;
    lines.push(area);
    for (const check of inArea) {
      lines.push(`  ${check.ok ? '✓' : '✗'} ${check.name}: ${check.detail}`);
      if (!check.ok && check.fix) lines.push(`      fix: ${check.fix}`);
    }
  }
  const failures = checks.filter((c) => !c.ok).length;
  lines.push(failures === 0 ? `all ${checks.length} checks passed` : `${failures} of ${checks.length} checks failed`);
  return `${lines.join('\n')}\n`;
}

/** The `--json` document: `{ ok, checks: [{ area, name, ok, detail, fix? }] }`. */
export function renderDoctorJson(checks: readonly DoctorCheck[]): string {
  return `${JSON.stringify({ ok: checks.every((c) => c.ok), checks }, null, 2)}\n`;
}
