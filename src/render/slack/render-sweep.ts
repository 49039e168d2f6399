// A cluster sweep as one thread message: the summary, the hotspot table as a monospace block, the nodes that
// failed with what to do, and the hotspot findings. Pure.

import type { HotspotTableInput, HotspotTableNode } from '../render-hotspots.js';
import { renderHotspots } from '../render-hotspots.js';
import { ACTION } from './action-ids.js';
import { fitBudget } from './block-budget.js';
import { actions, type Block, button, header, section } from './blocks.js';
import { fallbackText } from './fallback-text.js';
import { findingItems } from './finding-blocks.js';
import { codeBlock, escapeMrkdwn, inlineCode } from './mrkdwn.js';
import type { SlackMessage } from './slack-message.js';
import { truncatePlain } from './truncate.js';
import { humanDuration } from './utc-time.js';

export interface SweepMessageInput extends HotspotTableInput {
  cluster?: string;
  /** The incident whose thread this goes to; the button carries it. */
  incidentId?: string;
  /** Table rows shown at most. @defaultValue 15 */
  rows?: number;
}

type Failed = Extract<HotspotTableNode, { error: unknown }>;
type Collected = Exclude<HotspotTableNode, Failed>;

/** The summary of a sweep, e.g. `Sweep of 40 nodes in 12.3 s: 38 collected, 2 failed, 1 hotspot`. */
export function sweepSummary(input: HotspotTableInput): string {
  const collected = input.nodes.filter((n): n is Collected => !('error' in n));
  const failed = input.nodes.length - collected.length;
  const skipped = input.skipped?.length ?? 0;
  const total = input.nodes.length + skipped;
  const parts = [`${collected.length} collected`];
  const partial = collected.filter((n) => !n.complete).length;
  if (partial > 0) parts.push(`${partial} incomplete`);
  if (failed > 0) parts.push(`${failed} failed`);
  if (skipped > 0) parts.push(`${skipped} not started`);
  const hot = input.ranking.hotspots.length;
  parts.push(hot === 0 ? 'no hotspot' : `${hot} hotspot${hot === 1 ? '' : 's'}`);
  const time = input.durationMs === undefined ? '' : ` in ${humanDuration(input.durationMs)}`;
  return `Sweep of ${total} node${total === 1 ? '' : 's'}${time}: ${parts.join(', ')}`;
}

/** The hotspot table (terminal renderer, no colour) without its summary line. */
function table(input: HotspotTableInput, rows: number): string | undefined {
  const collected = input.nodes.filter((n) => !('error' in n));
  if (collected.length === 0) return undefined;
  const text = renderHotspots(
    { nodes: collected, ranking: { ...input.ranking, findings: [] } },
    { color: false, limit: rows },
  );
  return text
    .split('\n')
    .slice(2)
    .join('\n')
    .trimEnd()
    .replace('(--json lists all)', '(full list in the attached file)');
}

function failures(failed: readonly Failed[]): string {
  const byCode = new Map<string, Failed[]>();
  for (const node of failed) byCode.set(node.error.code, [...(byCode.get(node.error.code) ?? []), node]);
  const lines = [`:x: *${failed.length} node${failed.length === 1 ? '' : 's'} failed*`];
  const groups = [...byCode].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  for (const [code, nodes] of groups.slice(0, 8)) {
    const names = nodes.map((n) => n.node).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    const listed = names
      .slice(0, 6)
      .map((n) => inlineCode(n))
      .join(', ');
    const more = names.length > 6 ? ` and ${names.length - 6} more` : '';
    const first = nodes[0]!;
    lines.push(
      `• ${inlineCode(code)} ×${nodes.length}: ${listed}${more}`,
      `   ${escapeMrkdwn(truncatePlain(first.error.message, 300))}`,
      `   :point_right: ${escapeMrkdwn(truncatePlain(first.error.hint, 300))}`,
    );
  }
  if (groups.length > 8) lines.push(`… and ${groups.length - 8} more kinds of failure in the attached file`);
  return lines.join('\n');
}

/** A sweep's result as one Slack message within every limit. */
export function renderSweepMessage(input: SweepMessageInput): SlackMessage {
  const summary = sweepSummary(input);
  const hot = input.ranking.hotspots.length;
  const failed = input.nodes.filter((n): n is Failed => 'error' in n);
  const emoji = hot > 0 ? ':red_circle:' : failed.length > 0 ? ':large_orange_circle:' : ':large_green_circle:';
  const head: Block[] = [header(`${emoji} ${input.cluster ? `${input.cluster}: ` : ''}${summary}`)];
  const rows = table(input, input.rows ?? 15);
  if (rows) head.push(section(codeBlock(rows)));
  if (failed.length > 0) head.push(section(failures(failed)));
  const { blocks: items, hidden } = findingItems(input.ranking.findings, { evidenceLines: 8 });
  const tail: Block[] = input.incidentId
    ? [actions(button('Check all nodes again', ACTION.checkAll, input.incidentId))]
    : [];
  const blocks = fitBudget([...head, ...items, ...tail], {
    items: { start: head.length, end: head.length + items.length },
    hidden,
    noun: 'hotspot findings',
  });
  return { text: fallbackText(summary), blocks };
}
