// The cross-check's findings (`prometheus.*` ids): no series, mismatch, stale series, and how they name the target.
import type { Finding } from '../domain/finding.js';
import type { NodeTarget, PrometheusTarget } from './node-instance.js';

export const MISMATCH_ID = 'prometheus.conntrack-mismatch';
export const NO_SERIES_ID = 'prometheus.no-series';
export const STALE_ID = 'prometheus.stale-series';

/** Why Prometheus had nothing to compare with. */
export type NoSeriesReason =
  /** No scrape target's labels name this node. */
  | 'no-target'
  /** A target names the node but exports no conntrack series (collector off, or nf_conntrack not loaded). */
  | 'no-conntrack'
  /** The target's conntrack series ended more than the look-back window before the reading. */
  | 'series-ended';

export function describeTarget(target: PrometheusTarget): string {
  return target.job === undefined
    ? `instance "${target.instance}"`
    : `instance "${target.instance}" (job "${target.job}")`;
}

export function isoSeconds(epochSeconds: number): string {
  return `${new Date(Math.round(epochSeconds) * 1000).toISOString().slice(0, 19)}Z`;
}

/** Info: the cross-check could not run because Prometheus has no conntrack series for the node. */
export function noSeriesFinding(
  node: NodeTarget,
  reason: NoSeriesReason,
  details: { target?: PrometheusTarget; selectors?: readonly string[]; up?: number; lastSampleAt?: number } = {},
): Finding {
  const evidence: string[] = [];
  const names = [node.node, ...(node.addresses ?? [])].join(', ');
  if (reason === 'no-target') {
    evidence.push(`no series of node_exporter names ${names} (instance with or without a port, or a node label)`);
    if (details.selectors) evidence.push(`searched: ${details.selectors.join(' or ')}`);
  } else if (details.target) {
    const up = details.up === undefined ? '' : `, up=${details.up}`;
    evidence.push(`${describeTarget(details.target)} is scraped${up} but has no node_nf_conntrack_entries`);
    if (details.lastSampleAt !== undefined)
      evidence.push(`last conntrack sample at ${isoSeconds(details.lastSampleAt)}`);
  }
  const fix =
    reason === 'no-target'
      ? 'check that node_exporter runs on this node and that its `instance` label is the node name or an address of the node (or pass the instance explicitly)'
      : reason === 'no-conntrack'
        ? "enable node_exporter's conntrack collector (on by default; `--collector.conntrack`); it exports nothing while nf_conntrack is not loaded"
        : "check the scrape target (`up`), its scrape errors and Prometheus's storage for the gap";
  return {
    id: NO_SERIES_ID,
    severity: 'info',
    title:
      reason === 'no-target'
        ? `Prometheus has no node_exporter series for ${node.node}: no cross-check`
        : `node_exporter does not export conntrack for ${node.node}: no cross-check`,
    evidence,
    fix,
  };
}
