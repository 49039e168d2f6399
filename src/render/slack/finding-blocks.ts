// Findings as Block Kit: one section per finding (title, evidence and fix as code blocks), the severity summary
// and the verdict emoji. Pure.
import { type Finding, SEVERITY_ORDER, type Severity, severityRank } from '../../domain/finding.js';
import { type SectionBlock, section } from './blocks.js';
import { bold, codeBlock, escapeMrkdwn, inlineCode } from './mrkdwn.js';
import { limitLines, truncatePlain } from './truncate.js';

/** Emoji of a severity; `ok` is the verdict when nothing is wrong. */
export const SEVERITY_EMOJI: Record<Severity | 'ok', string> = {
  critical: ':red_circle:',
  warning: ':large_orange_circle:',
  info: ':large_blue_circle:',
  ok: ':large_green_circle:',
};

/** Findings most severe first (stable within a severity). */
export function bySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
}

/** The most severe severity among findings, or undefined when there are none. */
export function worstSeverity(findings: readonly Finding[]): Severity | undefined {
  return SEVERITY_ORDER.find((s) => findings.some((f) => f.severity === s));
}

/** `2 critical, 1 warning` (severities with no finding left out); `no findings` when empty. */
export function severitySummary(findings: readonly Finding[]): string {
  const parts = SEVERITY_ORDER.map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  return parts.length > 0 ? parts.join(', ') : 'no findings';
}

export interface FindingBlockOptions {
  /** Evidence lines shown at most. @defaultValue 12 */
  evidenceLines?: number;
  /** Characters of the fix shown at most. @defaultValue 900 */
  fixChars?: number;
  /** Shown after the title, e.g. `(Prometheus)`. */
  tag?: string;
}

/** One finding as one section: emoji, bold title, id, evidence and fix as code blocks (fits 3000 characters). */
export function findingBlock(finding: Finding, options: FindingBlockOptions = {}): SectionBlock {
  const title = `${SEVERITY_EMOJI[finding.severity]} ${bold(truncatePlain(finding.title, 300))} ${inlineCode(truncatePlain(finding.id, 80))}${options.tag ? ` ${escapeMrkdwn(options.tag)}` : ''}`;
  const parts = [title];
  const evidence = limitLines(finding.evidence, options.evidenceLines ?? 12, 160);
  if (evidence.length > 0) parts.push(codeBlock(truncatePlain(evidence.join('\n'), 1400)));
  if (finding.fix) parts.push(`*Fix*\n${codeBlock(truncatePlain(finding.fix, options.fixChars ?? 900))}`);
  if (finding.docs && /^https:\/\/[^\s<>|]+$/.test(finding.docs)) parts.push(`<${finding.docs}|Read more>`);
  return section(parts.join('\n'));
}

/** More findings than a message can hold in blocks: only this many are rendered before the budget picks. */
export const MAX_FINDING_BLOCKS = 48;

/** The first findings as blocks (most severe first) and how many were not rendered, for fitBudget's `hidden`. */
export function findingItems(
  findings: readonly Finding[],
  options: FindingBlockOptions = {},
  max = MAX_FINDING_BLOCKS,
): { blocks: SectionBlock[]; hidden: number } {
  const ordered = bySeverity(findings);
  return {
    blocks: ordered.slice(0, max).map((f) => findingBlock(f, options)),
    hidden: Math.max(0, ordered.length - max),
  };
}
