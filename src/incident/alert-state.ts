// An Alertmanager alert as an incident remembers it. Pure.
import { alertFingerprint } from '../alerts/alert-fingerprint.js';
import { alertNode } from '../alerts/alert-node.js';
import { type AlertmanagerAlert, isZeroTime } from '../alerts/alertmanager-payload.js';
import type { AlertState } from './incident.js';

/** The incident's view of one alert: fingerprint, name, status, times, node, severity, summary, labels. */
export function toAlertState(alert: AlertmanagerAlert): AlertState {
  const state: AlertState = {
    fingerprint: alertFingerprint(alert),
    alertname: alert.labels.alertname ?? '(no alertname)',
    status: alert.status,
    startsAt: alert.startsAt,
    labels: { ...alert.labels },
  };
  if (alert.status === 'resolved' && !isZeroTime(alert.endsAt)) state.endsAt = alert.endsAt;
  const node = alertNode(alert.labels).name;
  if (node) state.node = node;
  if (alert.labels.severity) state.severity = alert.labels.severity;
  const summary = alert.annotations.summary ?? alert.annotations.description ?? alert.annotations.message;
  if (summary) state.summary = summary;
  if (alert.generatorURL) state.generatorURL = alert.generatorURL;
  return state;
}
