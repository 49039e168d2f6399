// The buttons on an incident's messages: Re-run, Check all nodes, Silence 1h. Acked at once (Slack's 3 seconds),
// authorized like commands, answered ephemerally through response_url; results go to the incident's thread.
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { Incident, Requester } from '../../incident/incident.js';
import { ACTION } from '../../render/slack/action-ids.js';
import { failedReply, refusedReply } from '../../render/slack/render-replies.js';
import type { BotServices } from '../../serve/bot-services.js';
import type { SlackMessage } from '../../serve/ports.js';
import { AlertmanagerError } from '../alertmanager/create-silence.js';
import { silenceForIncident } from '../alertmanager/silence-request.js';
import { authorizeUser, ephemeral, failureText, requester } from './handler-support.js';
import { answerReply } from './slash-command.js';

/** How long "Silence 1h" silences. */
export const SILENCE_MS = 60 * 60 * 1000;

type Reply = (message: SlackMessage) => Promise<unknown>;

function notice(text: string): SlackMessage {
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

async function silence(incident: Incident, by: Requester, services: BotServices): Promise<SlackMessage> {
  if (!services.createSilence) {
    return notice(
      ':information_source: Silencing needs ALERTMANAGER_URL: netcheck does not know where your Alertmanager is. Ask whoever runs netcheck to set it, or silence the alert in Alertmanager.',
    );
  }
  if (incident.source !== 'alert' || incident.status !== 'firing') {
    return notice(':information_source: There is nothing to silence: this incident has no firing alert.');
  }
  const body = silenceForIncident(incident, by, services.now(), SILENCE_MS);
  let id: string;
  try {
    id = await services.createSilence(body);
  } catch (error) {
    services.logger.warn({ err: error, incident: incident.id }, 'silence refused');
    if (error instanceof AlertmanagerError) return failedReply(`${error.message}. ${error.hint}`);
    throw error;
  }
  const at = services.now().toISOString();
  const updated = await services.store.update(incident.id, (current) =>
    current ? { ...current, silence: { id, until: body.endsAt, by }, updatedAt: at } : undefined,
  );
  const target = updated ?? incident;
  await services.thread.postEntry(target, `silenced:${id}`, {
    type: 'silenced',
    at,
    by,
    until: body.endsAt,
    silenceId: id,
  });
  await services.thread.updateRoot(target);
  services.logger.info({ incident: incident.id, silence: id, user: by.userId }, 'silenced for 1 h');
  return notice(`:zzz: Silenced in Alertmanager until ${body.endsAt.slice(11, 16)} UTC (silence ${id}).`);
}

/** Runs one button press after its ack; returns the ephemeral answer. */
export async function handleButton(
  actionId: string,
  incidentId: string,
  body: { userId: string; userName?: string; channel: string },
  services: BotServices,
): Promise<SlackMessage> {
  const decision = await authorizeUser(services, body.userId, body.channel);
  if (!decision.allowed) return refusedReply(decision.reason);
  const incident = await services.store.get(incidentId);
  if (!incident) return failedReply('This incident is no longer known to netcheck (incidents expire after 30 days).');
  const by = requester(body.userId, body.userName);
  switch (actionId) {
    case ACTION.rerun: {
      if (incident.nodes.length === 0) return notice(':information_source: This incident names no node to check.');
      const answer = await services.requestCollections({
        nodes: incident.nodes,
        requester: by,
        channel: body.channel,
        reason: 'rerun',
        incidentId: incident.id,
      });
      return answerReply(answer, incident.nodes);
    }
    case ACTION.checkAll: {
      const answer = await services.requestSweep({
        requester: by,
        channel: body.channel,
        incidentId: incident.id,
      });
      return answerReply(answer, [], true);
    }
    case ACTION.silence:
      return silence(incident, by, services);
    default:
      return failedReply(`unknown button ${actionId}`);
  }
}

/** Registers the three buttons. */
export function registerButtons(app: App, services: BotServices): void {
  for (const actionId of Object.values(ACTION)) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, respond }) => {
      await ack();
      const reply: Reply = (message) => respond(ephemeral(message));
      const channel = body.channel?.id ?? body.container?.channel_id ?? '';
      try {
        const answer = await handleButton(
          actionId,
          action.value ?? '',
          { userId: body.user.id, userName: body.user.username ?? body.user.name, channel },
          services,
        );
        await reply(answer);
      } catch (error) {
        services.logger.error({ err: error, action: actionId }, 'button failed');
        await reply(failedReply(failureText(error))).catch(() => {});
      }
    });
  }
}
