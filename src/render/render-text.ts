// The human output: a verdict line, then the findings grouped by severity with their evidence and fix.
import { type Finding, SEVERITY_ORDER, type Severity } from '../domain/finding.js';
import type { KindId } from '../domain/kind.js';

export interface RenderTextOptions {
  color: boolean;
  /** Parse notes to show under the findings. */
  notes?: readonly string[];
  /** Shown in the first line, e.g. the node name. */
  subject?: string;
  /** The decoration taken off the input (line numbers, borders, log prefixes...), shown under what was read. */
  stripped?: readonly string[];
}

const COLORS: Record<Severity | 'dim' | 'bold', [string, string]> = {
  critical: ['\u001b[1;31m', '\u001b[0m'],
  warning: ['\u001b[1;33m', '\u001b[0m'],
  info: ['\u001b[36m', '\u001b[0m'],
  dim: ['\u001b[2m', '\u001b[0m'],
  bold: ['\u001b[1m', '\u001b[0m'],
};

/** Human output: a verdict line, then findings grouped by severity with evidence and fix. */
export function renderText(
  diagnosis: { detected: readonly KindId[]; findings: readonly Finding[] },
  options: RenderTextOptions,
): string {
  const paint = (style: keyof typeof COLORS, text: string) =>
    options.color ? `${COLORS[style][0]}${text}${COLORS[style][1]}` : text;
  const out: string[] = [];
  const counts = SEVERITY_ORDER.map((s) => [s, diagnosis.findings.filter((f) => f.severity === s).length] as const);
  const worst = counts.find(([, n]) => n > 0)?.[0];
  const summary = counts
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  const subject = options.subject ? ` ${options.subject}:` : '';
  const verdict =
    worst === 'critical'
      ? 'traffic is being dropped or broken now'
      : worst === 'warning'
        ? 'problems that will break traffic'
        : 'no problem found';
  out.push(paint('bold', `netcheck${subject} ${verdict}${summary ? ` (${summary})` : ''}`));
  out.push(
    paint('dim', `read: ${diagnosis.detected.length > 0 ? diagnosis.detected.join(', ') : 'nothing recognised'}`),
  );
  if (options.stripped && options.stripped.length > 0) {
    out.push(paint('dim', `stripped: ${options.stripped.join(', ')}`));
  }
  for (const severity of SEVERITY_ORDER) {
    const group = diagnosis.findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    out.push('', paint(severity, severity.toUpperCase()));
    for (const finding of group) out.push(...renderFinding(finding, paint));
  }
  if (options.notes && options.notes.length > 0) {
    out.push('', paint('dim', 'Not read:'));
    for (const note of options.notes) out.push(paint('dim', `  - ${note}`));
  }
  return `${out.join('\n')}\n`;
}

function renderFinding(finding: Finding, paint: (style: 'bold' | 'dim', text: string) => string): string[] {
  const lines = [`  ${paint('bold', finding.id)}  ${finding.title}`];
  for (const e of finding.evidence) lines.push(`      ${e}`);
  if (finding.fix) {
    const [first, ...rest] = finding.fix.split('\n');
    lines.push(`    fix: ${first}`);
    for (const r of rest) lines.push(`         ${r}`);
  }
  if (finding.docs) lines.push(paint('dim', `    see: ${finding.docs}`));
  return lines;
}
