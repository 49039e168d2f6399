// The cluster sweep as a terminal table: one row per node with its metrics and worst finding, the cluster median,
// outliers marked, then what failed and what to do about each hotspot. Pure.
import { type Finding, type Severity, severityRank } from '../domain/finding.js';
import type { NodeExecErrorCode } from '../exec/node-exec-error.js';
import { METRIC_SPECS, metricSpec } from '../sweep/metric-specs.js';
import type { MetricId, NodeMetrics } from '../sweep/node-metrics.js';
import type { HotspotRanking } from '../sweep/rank-hotspots.js';

/** What the table needs of each node (a sweep's NodeOutcome fits). */
export type HotspotTableNode =
  | { node: string; complete: boolean; findings: readonly Finding[]; metrics: NodeMetrics }
  | { node: string; error: { code: NodeExecErrorCode; message: string; hint: string } };

export interface HotspotTableInput {
  nodes: readonly HotspotTableNode[];
  ranking: HotspotRanking;
  skipped?: readonly string[];
  durationMs?: number;
}

export interface RenderHotspotsOptions {
  color: boolean;
  /** Node rows shown at most; the others are counted in one line. @defaultValue 15 */
  limit?: number;
}

export const OUTLIER_MARK = '▲';

const STYLE = {
  critical: ['\u001b[1;31m', '\u001b[0m'],
  warning: ['\u001b[1;33m', '\u001b[0m'],
  info: ['\u001b[36m', '\u001b[0m'],
  dim: ['\u001b[2m', '\u001b[0m'],
  bold: ['\u001b[1m', '\u001b[0m'],
} as const;
type Style = keyof typeof STYLE;

interface Cell {
  text: string;
  style?: Style;
}

type Collected = Extract<HotspotTableNode, { metrics: NodeMetrics }>;
type Failed = Extract<HotspotTableNode, { error: unknown }>;

export function renderHotspots(input: HotspotTableInput, options: RenderHotspotsOptions): string {
  const paint = (style: Style | undefined, text: string) =>
    options.color && style ? `${STYLE[style][0]}${text}${STYLE[style][1]}` : text;
  const collected = input.nodes.filter((n): n is Collected => !('error' in n));
  const failed = input.nodes.filter((n): n is Failed => 'error' in n);
  const { hotspots, median } = input.ranking;
  const out: string[] = [paint('bold', summaryLine(input, collected, failed))];

  if (collected.length > 0) {
    const outliers = new Map(hotspots.map((h) => [h.node, new Map(h.outliers.map((o) => [o.metric, o]))]));
    const rank = new Map(hotspots.map((h, i) => [h.node, i]));
    const ordered = [...collected].sort(
      (a, b) =>
        (rank.get(a.node) ?? Number.MAX_SAFE_INTEGER) - (rank.get(b.node) ?? Number.MAX_SAFE_INTEGER) ||
        worstRank(a.findings) - worstRank(b.findings) ||
        a.node.localeCompare(b.node, 'en', { numeric: true }),
    );
    const limit = Math.max(options.limit ?? 15, hotspots.length > 0 ? 1 : 0);
    const shown = ordered.slice(0, limit);
    const header: Cell[] = ['NODE', ...METRIC_SPECS.map((s) => `${s.column.toUpperCase()}  `), 'WORST FINDING'].map(
      (text) => ({ text, style: 'bold' as const }),
    );
    const rows: Cell[][] = shown.map((node) => {
      const marks = outliers.get(node.node);
      const cells: Cell[] = [{ text: node.complete ? node.node : `${node.node} (partial)` }];
      for (const spec of METRIC_SPECS) {
        const value = node.metrics[spec.id];
        const outlier = marks?.get(spec.id);
        if (value === undefined) cells.push({ text: '-  ', style: 'dim' });
        else if (!outlier) cells.push({ text: `${spec.cell(value)}  ` });
        else cells.push({ text: `${spec.cell(value)} ${OUTLIER_MARK}`, style: outlierStyle(spec.id, value) });
      }
      cells.push(worstCell(node.findings));
      return cells;
    });
    const medianRow: Cell[] = [
      { text: `median of ${collected.length}`, style: 'dim' },
      ...METRIC_SPECS.map((spec) => {
        const value = median[spec.id];
        return { text: `${value === undefined ? '-' : spec.cell(value)}  `, style: 'dim' as const };
      }),
      { text: '', style: 'dim' },
    ];
    const numeric = new Set(METRIC_SPECS.map((_, i) => i + 1));
    out.push('', ...table([header, ...rows, medianRow], numeric, paint));
    const hidden = ordered.length - shown.length;
    if (hidden > 0) {
      const hiddenHot = ordered.slice(limit).filter((n) => rank.has(n.node)).length;
      const rest = hiddenHot > 0 ? `, ${hiddenHot} of them hotspots` : ', none of them a hotspot';
      out.push(paint('dim', `… ${hidden} more node${hidden === 1 ? '' : 's'} not shown${rest} (--json lists all)`));
    }
    if (hotspots.length > 0) {
      out.push(paint('dim', `${OUTLIER_MARK} well above the cluster median (finding cluster.hotspot)`));
    }
  }

  if (failed.length > 0) out.push('', ...failures(failed, paint));

  const details = input.ranking.findings.slice(0, Math.max(options.limit ?? 15, 1));
  if (details.length > 0) {
    out.push('', paint('bold', 'Hotspots'));
    for (const finding of details) {
      out.push(`  ${paint(finding.severity, finding.severity.toUpperCase())} ${finding.title}`);
      for (const line of finding.evidence) out.push(`      ${line}`);
      if (finding.fix) out.push(`      fix: ${finding.fix}`);
    }
  }
  return `${out.join('\n')}\n`;
}

function summaryLine(input: HotspotTableInput, collected: readonly Collected[], failed: readonly Failed[]): string {
  const total = input.nodes.length + (input.skipped?.length ?? 0);
  const parts = [`${collected.length} collected`];
  const partial = collected.filter((n) => !n.complete).length;
  if (partial > 0) parts.push(`${partial} with an incomplete report`);
  if (failed.length > 0) parts.push(`${failed.length} failed`);
  if (input.skipped && input.skipped.length > 0) parts.push(`${input.skipped.length} not started (cancelled)`);
  const hot = input.ranking.hotspots.length;
  parts.push(hot === 0 ? 'no hotspot' : `${hot} hotspot${hot === 1 ? '' : 's'}`);
  const time = input.durationMs === undefined ? '' : ` in ${(input.durationMs / 1000).toFixed(1)} s`;
  return `netcheck sweep of ${total} node${total === 1 ? '' : 's'}${time}: ${parts.join(', ')}`;
}

function outlierStyle(metric: MetricId, value: number): Style {
  return value >= metricSpec(metric).critical ? 'critical' : 'warning';
}

/** Severity rank of the node's most severe finding; info and nothing rank alike. */
function worstRank(findings: readonly Finding[]): number {
  const worst = worstFinding(findings);
  return worst ? severityRank(worst.severity) : severityRank('info');
}

function worstFinding(findings: readonly Finding[]): Finding | undefined {
  let worst: Finding | undefined;
  for (const f of findings) {
    if (f.severity === 'info') continue;
    if (!worst || severityRank(f.severity) < severityRank(worst.severity)) worst = f;
  }
  return worst;
}

function worstCell(findings: readonly Finding[]): Cell {
  const worst = worstFinding(findings);
  if (!worst) return { text: 'ok', style: 'dim' };
  const others = findings.filter((f) => f !== worst && f.severity !== 'info').length;
  const severity: Severity = worst.severity;
  return { text: `${severity} ${worst.id}${others > 0 ? ` +${others}` : ''}`, style: severity };
}

function failures(failed: readonly Failed[], paint: (style: Style | undefined, text: string) => string): string[] {
  const byCode = new Map<string, Failed[]>();
  for (const node of failed) byCode.set(node.error.code, [...(byCode.get(node.error.code) ?? []), node]);
  const lines = [paint('bold', `${failed.length} node${failed.length === 1 ? '' : 's'} failed`)];
  for (const [code, nodes] of [...byCode].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))) {
    const names = nodes.map((n) => n.node).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    const listed = names.length > 6 ? `${names.slice(0, 6).join(', ')} and ${names.length - 6} more` : names.join(', ');
    const first = nodes[0]!;
    lines.push(`  ${paint('critical', code)} ×${nodes.length}: ${listed}`);
    lines.push(`      ${first.error.message}`);
    lines.push(`      ${paint('dim', `→ ${first.error.hint}`)}`);
  }
  return lines;
}

/** Columns two spaces apart (`right`: right-aligned); widths from the visible text, colour added after padding. */
function table(
  rows: readonly Cell[][],
  right: ReadonlySet<number>,
  paint: (style: Style | undefined, text: string) => string,
): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, [...cell.text].length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, i) => {
        const pad = ' '.repeat((widths[i] ?? 0) - [...cell.text].length);
        if (right.has(i)) return pad + paint(cell.style, cell.text);
        return paint(cell.style, cell.text) + (i === row.length - 1 ? '' : pad);
      })
      .join('  ')
      .trimEnd(),
  );
}
