// The Alertmanager v2 silences netcheck creates for an incident's "Silence 1h" button: matchers that select exactly
// the incident's alerts (src/alerts/silence-matchers.ts), created by the Slack user, commented with the incident id.

import { planIncidentSilences, type SilenceMatcher } from '../alerts/silence-matchers.js';
import type { Incident, Requester } from './incident.js';

export type { SilenceMatcher } from '../alerts/silence-matchers.js';

/** Body of `POST /api/v2/silences`. */
export interface PostableSilence {
  matchers: SilenceMatcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

export type IncidentSilences = { ok: true; silences: PostableSilence[] } | { ok: false; reason: string; hint: string };

/**
 * The silences for `incident`, from `now` for `durationMs`, created by the Slack user who pressed the button: one
 * when one list of matchers selects exactly the incident's alerts, else one per alert label set (bounded).
 */
export function silencesForIncident(
  incident: Incident,
  by: Requester,
  now: Date,
  durationMs = 60 * 60 * 1000,
): IncidentSilences {
  const plan = planIncidentSilences(incident.alerts);
  if (!plan.ok) return plan;
  const count = plan.silences.length;
  return {
    ok: true,
    silences: plan.silences.map((matchers, i) => ({
      matchers,
      startsAt: now.toISOString(),
      endsAt: new Date(now.getTime() + durationMs).toISOString(),
      createdBy: by.userName || by.userId,
      comment: `netcheck incident ${incident.id} (${incident.cluster})${count > 1 ? ` [${i + 1}/${count}]` : ''}: silenced from Slack by ${by.userName} (${by.userId})`,
    })),
  };
}
