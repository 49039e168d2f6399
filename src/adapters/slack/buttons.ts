// The buttons on an incident's messages: Re-run, Check all nodes, Silence 1h. Acked at once (Slack's 3 seconds),
// replays ignored, authorized like commands, answered ephemerally through response_url; results go to the
// incident's thread.
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { BotServices } from '../../app/ports/bot-services.js';
import { requestCollections, requestSweep } from '../../app/request-collections.js';
import { ACTION } from '../../render/slack/action-ids.js';
import { failedReply, refusedReply } from '../../render/slack/render-replies.js';
import type { SlackMessage } from '../../render/slack/slack-message.js';
import { authorizeUser, ephemeral, failureText, isReplay, notice, requester, requestInfo } from './handler-support.js';
import { silenceIncident } from './silence-button.js';
import { answerReply } from './slash-command.js';

type Reply = (message: SlackMessage) => Promise<unknown>;

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
      const answer = await requestCollections(
        {
          nodes: incident.nodes,
          requester: by,
          channel: body.channel,
          reason: 'rerun',
          incidentId: incident.id,
        },
        services,
      );
      return answerReply(answer, incident.nodes);
    }
    case ACTION.checkAll: {
      const answer = await requestSweep(
        {
          requester: by,
          channel: body.channel,
          incidentId: incident.id,
        },
        services,
      );
      return answerReply(answer, [], true);
    }
    case ACTION.silence:
      return silenceIncident(incident, by, services);
    default:
      return failedReply(`unknown button ${actionId}`);
  }
}

/** Registers the three buttons. */
export function registerButtons(app: App, services: BotServices): void {
  for (const actionId of Object.values(ACTION)) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, respond, context }) => {
      await ack();
      const reply: Reply = (message) => respond(ephemeral(message));
      const channel = body.channel?.id ?? body.container?.channel_id ?? '';
      try {
        if (await isReplay(requestInfo(context), services.logger.child({ action: actionId }))) return;
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
