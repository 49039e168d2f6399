// One node's collection result as a thread message: the verdict first, then findings by severity with their
// evidence and fix, budget-limited, and the buttons to run it again. Pure.
import type { Finding } from '../../domain/finding.js';
import type { KindId } from '../../domain/kind.js';
import type { ExecMode } from '../../exec/node-executor.js';
import { ACTION } from './action-ids.js';
import { fitBudget } from './block-budget.js';
import { actions, type Block, button, context, header, section } from './blocks.js';
import { fallbackText } from './fallback-text.js';
import { findingItems, MAX_FINDING_BLOCKS, SEVERITY_EMOJI, severitySummary, worstSeverity } from './finding-blocks.js';
import { escapeMrkdwn } from './mrkdwn.js';
import type { SlackMessage } from './slack-message.js';
import { humanDuration } from './utc-time.js';

export interface NodeDiagnosisInput {
  node: string;
  cluster: string;
  diagnosis: { detected: readonly KindId[]; findings: readonly Finding[] };
  /** The report ended with its sentinel: nothing was cut off. */
  complete: boolean;
  mode: ExecMode;
  durationMs: number;
  /** The incident whose thread this goes to; the buttons carry it. */
  incidentId?: string;
  /** Findings of the Prometheus cross-check, shown after the node's own. */
  crossCheckFindings?: readonly Finding[];
  /** A chart of the last hour is uploaded with this message. */
  chartAttached?: boolean;
  /** What the operator should fix although the collection worked (e.g. an outdated agent image), one sentence each. */
  warnings?: readonly string[];
}

const MODE: Record<ExecMode, string> = { agent: 'agent', 'debug-pod': 'debug pod', local: 'local' };

/** The verdict line of a node, e.g. `:red_circle: node-7: 2 critical, 1 warning` (raw text: made safe by callers). */
export function nodeVerdict(node: string, findings: readonly Finding[]): { emoji: string; text: string } {
  const worst = worstSeverity(findings.filter((f) => f.severity !== 'info'));
  const info = findings.length;
  const summary = worst ? severitySummary(findings) : info > 0 ? `no problem found (${info} info)` : 'no problem found';
  return { emoji: SEVERITY_EMOJI[worst ?? 'ok'], text: `${node}: ${summary}` };
}

/** A node's diagnosis as one Slack message within every limit. */
export function renderNodeDiagnosis(input: NodeDiagnosisInput): SlackMessage {
  const crossCheck = input.crossCheckFindings ?? [];
  const all = [...input.diagnosis.findings, ...crossCheck];
  const verdict = nodeVerdict(input.node, all);
  const head: Block[] = [header(`${verdict.emoji} ${verdict.text}`)];
  const read = input.diagnosis.detected.length > 0 ? input.diagnosis.detected.join(', ') : 'nothing recognised';
  head.push(
    context(
      `cluster *${escapeMrkdwn(input.cluster)}* · via ${MODE[input.mode]} · ${humanDuration(input.durationMs)} · read: ${escapeMrkdwn(read)}`,
    ),
  );
  if (!input.complete) {
    head.push(
      section(
        ':warning: *The report is incomplete*: the collector output was cut off, so findings may be missing. Re-run to collect again.',
      ),
    );
  }
  for (const warning of input.warnings ?? []) head.push(section(`:warning: ${escapeMrkdwn(warning)}`));
  const own = findingItems(input.diagnosis.findings);
  const cross = findingItems(crossCheck, { tag: '(Prometheus)' }, Math.max(0, MAX_FINDING_BLOCKS - own.blocks.length));
  const items: Block[] = [...own.blocks, ...cross.blocks];
  if (all.length === 0) items.push(section('No finding: the node looks healthy on everything netcheck read.'));
  const tail: Block[] = [];
  if (input.chartAttached)
    tail.push(context(':chart_with_upwards_trend: Conntrack usage over the last hour: chart below.'));
  if (input.incidentId) {
    tail.push(
      actions(
        button('Re-run', ACTION.rerun, input.incidentId, 'primary'),
        button('Check all nodes', ACTION.checkAll, input.incidentId),
      ),
    );
  }
  const blocks = fitBudget([...head, ...items, ...tail], {
    items: { start: head.length, end: head.length + items.length },
    hidden: own.hidden + cross.hidden,
  });
  const incomplete = input.complete ? '' : ' (incomplete report)';
  return { text: fallbackText(`${verdict.text}${incomplete}`), blocks };
}
