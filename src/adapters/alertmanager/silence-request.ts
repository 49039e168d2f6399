// The Alertmanager v2 silence netcheck creates for an incident's "Silence 1h" button: equality matchers on the
// group's labels (alertname included), created by the Slack user, commented with the incident id.
import type { Incident, Requester } from '../../incident/incident.js';

/** A matcher of Alertmanager's v2 API (`PostableSilence.matchers[]`). */
export interface SilenceMatcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

/** Body of `POST /api/v2/silences`. */
export interface PostableSilence {
  matchers: SilenceMatcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function equal(name: string, value: string): SilenceMatcher {
  return { name, value, isRegex: false, isEqual: true };
}

/**
 * Equality matchers that select this incident's alerts: the group's labels (what Alertmanager grouped them by),
 * plus `alertname` when all alerts share one. Without group labels, the labels all alerts share. Empty when the
 * incident has no label to match on (a manual check).
 */
export function silenceMatchers(incident: Incident): SilenceMatcher[] {
  const labels: Record<string, string> = { ...incident.groupLabels };
  if (Object.keys(labels).length === 0) Object.assign(labels, incident.commonLabels);
  const names = new Set(incident.alerts.map((alert) => alert.alertname).filter((name) => name !== ''));
  const alertname = incident.commonLabels.alertname ?? (names.size === 1 ? [...names][0] : undefined);
  if (alertname && labels.alertname === undefined) labels.alertname = alertname;
  return Object.entries(labels)
    .filter(([name, value]) => LABEL_NAME.test(name) && value.trim() !== '')
    .sort(([a], [b]) => (a === 'alertname' ? -1 : b === 'alertname' ? 1 : a.localeCompare(b)))
    .map(([name, value]) => equal(name, value));
}

/** The silence for `incident`, from `now` for `durationMs`, created by the Slack user who pressed the button. */
export function silenceForIncident(
  incident: Incident,
  by: Requester,
  now: Date,
  durationMs = 60 * 60 * 1000,
): PostableSilence {
  return {
    matchers: silenceMatchers(incident),
    startsAt: now.toISOString(),
    endsAt: new Date(now.getTime() + durationMs).toISOString(),
    createdBy: by.userName || by.userId,
    comment: `netcheck incident ${incident.id} (${incident.cluster}): silenced from Slack by ${by.userName} (${by.userId})`,
  };
}
