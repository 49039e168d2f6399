// The public JSON shape of a collection from several nodes (`netcheck collect --json NODE...`, `--all`). Pure.
import { isFailure, type NodeOutcome, type SweepResult } from './sweep-nodes.js';

/** One node's entry: its diagnosis, or the typed failure. */
function nodeJson(outcome: NodeOutcome): object {
  if (isFailure(outcome)) return { node: outcome.node, error: outcome.error };
  const { node, mode, complete, detected, findings, metrics, warnings } = outcome;
  return { node, mode, complete, detected, findings, metrics, ...(warnings ? { warnings } : {}) };
}

/**
 * `{ nodes: [{ node, mode, complete, detected, findings, metrics, warnings? } | { node, error: { code, message, hint } }],
 * hotspots, median, findings, skipped }`: `findings` holds the cluster findings (`cluster.hotspot`).
 */
export function sweepJson(result: SweepResult): string {
  const { ranking } = result;
  const body = {
    nodes: result.nodes.map(nodeJson),
    hotspots: ranking.hotspots,
    median: ranking.median,
    findings: ranking.findings,
    ...(result.skipped.length > 0 ? { skipped: result.skipped } : {}),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** A single node keeps the `{ detected, findings }` shape of `netcheck analyze --json`, with the node first. */
export function singleNodeJson(outcome: NodeOutcome): string {
  return `${JSON.stringify(nodeJson(outcome), null, 2)}\n`;
}
