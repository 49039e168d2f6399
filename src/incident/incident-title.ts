// An alert incident's title: its alert names and, when all alerts share one, the node. Pure.
import type { Incident } from './incident.js';

/**
 * `ConntrackTableNearFull on node-7`, `NodeDown, KubeletDown (+2 more)`; raw text (escape when rendering).
 * Firing alerts first: a group whose alerts have all resolved keeps the names it had.
 */
export function incidentTitle(incident: Pick<Incident, 'alerts' | 'commonLabels' | 'groupLabels'>): string {
  const names = [...new Set(incident.alerts.map((a) => a.alertname))];
  const shown =
    names.length === 0
      ? (incident.groupLabels.alertname ?? incident.commonLabels.alertname ?? 'Alert')
      : names.length <= 2
        ? names.join(', ')
        : `${names.slice(0, 2).join(', ')} (+${names.length - 2} more)`;
  const nodes = new Set(incident.alerts.map((a) => a.node));
  const [node] = nodes;
  return nodes.size === 1 && node ? `${shown} on ${node}` : shown;
}
