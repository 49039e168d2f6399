// "Silence 1h": silences that mute exactly the incident's alerts, refused when they would reach an alert outside
// it (checked against Alertmanager's current alerts), confirmed to the user with the matchers that were created.

import { alertsOutside, formatLabels, formatMatchers } from '../../alerts/silence-matchers.js';
import { AlertmanagerError } from '../../app/ports/alertmanager-error.js';
import type { BotServices } from '../../app/ports/bot-services.js';
import type { Incident, Requester } from '../../incident/incident.js';
import { type PostableSilence, silencesForIncident } from '../../incident/incident-silences.js';
import { escapeMrkdwn, inlineCode } from '../../render/slack/mrkdwn.js';
import { failedReply } from '../../render/slack/render-replies.js';
import type { SlackMessage } from '../../render/slack/slack-message.js';
import { truncatePlain } from '../../render/slack/truncate.js';
import { notice } from './handler-support.js';

/** How long "Silence 1h" silences. */
export const SILENCE_MS = 60 * 60 * 1000;

/**
 * Characters of matchers shown in all, within a section's 3000 (a regex over hundreds of instances is shortened in
 * the message, never in the silence).
 */
const SHOWN_MATCHERS = 2000;

function matcherLines(silences: readonly { matchers: PostableSilence['matchers']; id?: string }[]): string {
  const width = Math.min(400, Math.floor(SHOWN_MATCHERS / Math.max(1, silences.length)));
  return silences
    .map(
      (s) =>
        `• ${inlineCode(truncatePlain(formatMatchers(s.matchers), width))}${s.id ? ` (silence ${inlineCode(s.id)})` : ''}`,
    )
    .join('\n');
}

/** The alerts outside the incident that the silences would mute, or undefined when none (or when unknown). */
async function outsideAlerts(
  incident: Incident,
  silences: readonly PostableSilence[],
  services: BotServices,
): Promise<string[] | undefined> {
  const find = services.findAlerts;
  if (!find) return undefined;
  try {
    const current = (await Promise.all(silences.map((s) => find(s.matchers)))).flat();
    const outside = alertsOutside(
      silences.map((s) => s.matchers),
      incident.alerts,
      current,
    );
    return outside.length > 0 ? outside.map((alert) => formatLabels(alert.labels)) : undefined;
  } catch (error) {
    // Creating the silence is still safe: its matchers select the incident's label sets only.
    services.logger.warn({ err: error, incident: incident.id }, 'could not list Alertmanager alerts before silencing');
    return undefined;
  }
}

/** Creates the incident's silences; the answer says what was silenced (with the matchers) or why nothing was. */
export async function silenceIncident(incident: Incident, by: Requester, services: BotServices): Promise<SlackMessage> {
  if (!services.createSilence) {
    return notice(
      ':information_source: Silencing needs ALERTMANAGER_URL: netcheck does not know where your Alertmanager is. Ask whoever runs netcheck to set it, or silence the alert in Alertmanager.',
    );
  }
  if (incident.source !== 'alert' || incident.status !== 'firing') {
    return notice(':information_source: There is nothing to silence: this incident has no firing alert.');
  }
  const plan = silencesForIncident(incident, by, services.now(), SILENCE_MS);
  if (!plan.ok) return notice(`:no_bell: Not silenced: ${escapeMrkdwn(plan.reason)}. ${escapeMrkdwn(plan.hint)}`);
  const outside = await outsideAlerts(incident, plan.silences, services);
  if (outside) {
    services.logger.info(
      { incident: incident.id, outside: outside.length },
      'silence refused: broader than the incident',
    );
    const shown = outside.slice(0, 3).map((labels) => `• ${inlineCode(truncatePlain(labels, 200))}`);
    const more = outside.length > 3 ? `\n…and ${outside.length - 3} more` : '';
    return notice(
      `:no_bell: Not silenced: these matchers would also mute ${outside.length} alert${outside.length === 1 ? '' : 's'} outside this incident:\n${shown.join('\n')}${more}\nMatchers:\n${matcherLines(plan.silences)}\nSilence it in Alertmanager with narrower matchers.`,
    );
  }
  const ids: string[] = [];
  for (const silence of plan.silences) {
    try {
      ids.push(await services.createSilence(silence));
    } catch (error) {
      services.logger.warn({ err: error, incident: incident.id, created: ids.length }, 'silence refused');
      if (!(error instanceof AlertmanagerError)) throw error;
      const partial =
        ids.length > 0 ? ` ${ids.length} of ${plan.silences.length} silences were created: ${ids.join(', ')}.` : '';
      return failedReply(`${error.message}. ${error.hint}${partial}`);
    }
  }
  const until = plan.silences[0]?.endsAt ?? services.now().toISOString();
  const id = ids.join(', ');
  const at = services.now().toISOString();
  const updated = await services.store.update(incident.id, (current) =>
    current ? { ...current, silence: { id, until, by }, updatedAt: at } : undefined,
  );
  const target = updated ?? incident;
  await services.thread.postEntry(target, `silenced:${ids[0]}`, {
    type: 'silenced',
    at,
    by,
    until,
    silenceId: id,
  });
  await services.thread.updateRoot(target);
  services.logger.info({ incident: incident.id, silences: ids, user: by.userId }, 'silenced for 1 h');
  const created = plan.silences.map((s, i) => ({ matchers: s.matchers, id: ids[i] ?? '' }));
  const truncated =
    incident.truncatedAlerts > 0
      ? `\n${incident.truncatedAlerts} alerts Alertmanager left out of its notification are not silenced.`
      : '';
  return notice(
    `:zzz: Silenced in Alertmanager until ${until.slice(11, 16)} UTC, exactly this incident's alerts:\n${matcherLines(created)}${truncated}`,
  );
}
