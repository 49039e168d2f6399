// A collected node into the incident: the node's check recorded in the store, the diagnosis message, the chart, the
// full text report and the raw collector output as files (recorded together in the thread's log, so nothing lands
// between them), then the root message refreshed. Every line has a key derived from the job id, so a job retried or
// taken over by another worker posts nothing twice.

import type { Diagnosis } from '../diagnose.js';
import { type Finding, SEVERITY_ORDER } from '../domain/finding.js';
import type { CollectResult } from '../exec/node-executor.js';
import type { FindingCounts, Incident, NodeCheck } from '../incident/incident.js';
import { renderText } from '../render/render-text.js';
import { renderNodeDiagnosis } from '../render/slack/render-node-diagnosis.js';
import type { IncidentStore } from './ports/incident-store.js';
import type { IncidentThread, ThreadLine } from './ports/incident-thread.js';
import type { Logger } from './ports/logger.js';

export interface NodeResult {
  jobId: string;
  result: CollectResult;
  diagnosis: Diagnosis;
  crossCheckFindings: Finding[];
  /** The conntrack chart of the last hour, when Prometheus had series and a PNG renderer is configured. */
  chartPng?: Buffer;
}

export function countsOf(findings: readonly Finding[]): FindingCounts {
  const counts: FindingCounts = { critical: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}

function worstTitle(findings: readonly Finding[]): string | undefined {
  for (const severity of SEVERITY_ORDER) {
    const found = findings.find((f) => f.severity === severity && severity !== 'info');
    if (found) return found.title;
  }
  return undefined;
}

/** Replaces the node's check in the incident (the latest collection wins) and returns the stored incident. */
export async function recordCheck(store: IncidentStore, incidentId: string, check: NodeCheck): Promise<Incident> {
  const updated = await store.update(incidentId, (current) =>
    current
      ? {
          ...current,
          updatedAt: check.at,
          nodes: current.nodes.includes(check.node) ? current.nodes : [...current.nodes, check.node],
          checks: [...current.checks.filter((c) => c.node !== check.node), check],
        }
      : undefined,
  );
  if (!updated) throw new Error(`incident ${incidentId} disappeared from the store`);
  return updated;
}

/** The node's check as the root message shows it. */
export function successCheck(node: string, at: string, findings: readonly Finding[]): NodeCheck {
  const check: NodeCheck = { node, at, ok: true, counts: countsOf(findings) };
  const top = worstTitle(findings);
  if (top) check.top = top;
  return check;
}

/** Posts one node's result into the incident thread (see the file comment). */
export async function postNodeResult(
  deps: { store: IncidentStore; thread: IncidentThread; logger: Logger },
  incident: Incident,
  outcome: NodeResult,
  at: string,
): Promise<Incident> {
  const { result, diagnosis, jobId } = outcome;
  const all = [...diagnosis.findings, ...outcome.crossCheckFindings];
  const updated = await recordCheck(deps.store, incident.id, successCheck(result.node, at, all));
  const message = renderNodeDiagnosis({
    node: result.node,
    cluster: updated.cluster,
    diagnosis: { detected: diagnosis.detected, findings: diagnosis.findings },
    complete: result.complete,
    mode: result.mode,
    durationMs: result.durationMs,
    incidentId: updated.id,
    crossCheckFindings: outcome.crossCheckFindings,
    chartAttached: outcome.chartPng !== undefined,
    ...(result.warnings ? { warnings: result.warnings } : {}),
  });
  const text = renderText(
    { detected: diagnosis.detected, findings: all },
    { color: false, subject: result.node, notes: diagnosis.report.notes },
  );
  // One step in the thread's log: the diagnosis and its files stay together, in the order things happened.
  const lines: ThreadLine[] = [{ key: `result:${jobId}`, message }];
  if (outcome.chartPng) {
    lines.push({
      key: `chart:${jobId}`,
      file: {
        filename: `netcheck-${result.node}-conntrack.png`,
        title: `${result.node}: conntrack usage, last hour`,
        content: outcome.chartPng,
      },
    });
  }
  lines.push(
    {
      key: `report:${jobId}`,
      file: { filename: `netcheck-${result.node}.txt`, title: `${result.node}: full netcheck report`, content: text },
    },
    {
      key: `evidence:${jobId}`,
      file: {
        filename: `netcheck-${result.node}-raw.txt`,
        title: `${result.node}: raw collector output${result.complete ? '' : ' (incomplete)'}`,
        content: result.report,
      },
    },
  );
  await deps.thread.record(updated, lines);
  await deps.thread.flush(updated.id, `evidence:${jobId}`);
  await deps.thread.updateRoot(updated);
  deps.logger.info(
    { jobId, node: result.node, incidentId: updated.id, findings: all.length, complete: result.complete },
    'collection posted',
  );
  return updated;
}
