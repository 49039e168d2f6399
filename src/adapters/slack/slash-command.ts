// `/netcheck`: acked within Slack's 3 seconds, always with an ephemeral reply (help, status, where the results will
// appear, why it was refused, or how to use the command). Collections themselves run on the worker.
import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import { type Command, parseCommand } from '../../chatops/parse-command.js';
import { SLASH_COMMAND } from '../../render/slack/action-ids.js';
import {
  failedReply,
  queuedReply,
  refusedReply,
  renderHelp,
  renderStatus,
  usageReply,
} from '../../render/slack/render-replies.js';
import type { BotServices, RequestAnswer } from '../../serve/bot-services.js';
import type { SlackMessage } from '../../serve/ports.js';
import { ACK_BUDGET_MS, authorizeUser, ephemeral, failureText, requester, within } from './handler-support.js';

/** The ack of a queued request: where the results will appear. */
export function answerReply(answer: RequestAnswer, nodes: readonly string[], all = false): SlackMessage {
  return queuedReply({
    nodes,
    channel: answer.incident.channel,
    ...(answer.incident.rootTs !== undefined ? { threadTs: answer.incident.rootTs } : {}),
    ...(answer.existing ? { existingIncident: answer.incident } : {}),
    all,
  });
}

async function statusReply(services: BotServices): Promise<SlackMessage> {
  const [counts, recent] = await Promise.all([services.queue.counts(), services.store.recent(5)]);
  return renderStatus({ counts, recent, cluster: services.cluster });
}

/**
 * Queues the collection or sweep. If it is done within the ack budget the ack says where results go; otherwise the
 * ack says it is being queued and the answer follows through response_url (one of its 5 uses).
 */
async function queueWork(
  command: Extract<Command, { kind: 'nodes' | 'all' }>,
  slash: SlashCommand,
  services: BotServices,
  respond: RespondFn,
): Promise<SlackMessage> {
  const by = requester(slash.user_id, slash.user_name);
  const nodes = command.kind === 'nodes' ? command.nodes : [];
  const all = command.kind === 'all';
  const work = all
    ? services.requestSweep({
        requester: by,
        channel: slash.channel_id,
        ...(command.selector !== undefined ? { selector: command.selector } : {}),
      })
    : services.requestCollections({ nodes, requester: by, channel: slash.channel_id, reason: 'command' });
  const log = services.logger.child({ user: slash.user_id, channel: slash.channel_id, nodes, all });
  const settled = await within(work, ACK_BUDGET_MS).catch((error: unknown) => {
    log.error({ err: error }, 'could not queue a /netcheck request');
    return { value: undefined, error };
  });
  if (settled && 'error' in settled) return failedReply(failureText(settled.error));
  if (settled?.value) {
    log.info({ incident: settled.value.incident.id }, '/netcheck request queued');
    return answerReply(settled.value, nodes, all);
  }
  work
    .then(
      (answer) => respond(ephemeral(answerReply(answer, nodes, all))),
      (error: unknown) => {
        log.error({ err: error }, 'could not queue a /netcheck request');
        return respond(ephemeral(failedReply(failureText(error))));
      },
    )
    .catch((error: unknown) => log.warn({ err: error }, 'could not answer through response_url'));
  return queuedReply({ nodes, channel: slash.channel_id, all });
}

/** What `/netcheck <text>` answers in its ack. */
export async function handleSlashCommand(
  slash: SlashCommand,
  services: BotServices,
  respond: RespondFn,
): Promise<SlackMessage> {
  const command = parseCommand(slash.text ?? '');
  switch (command.kind) {
    case 'help':
      return renderHelp();
    case 'error':
      return usageReply(`${command.message}. ${command.hint}`);
    case 'status': {
      const status = await within(statusReply(services), ACK_BUDGET_MS).catch((error: unknown) => {
        services.logger.warn({ err: error }, '/netcheck status failed');
        return undefined;
      });
      return status?.value ?? failedReply('netcheck status is unavailable right now: its Redis does not answer.');
    }
    default: {
      const decision = await authorizeUser(services, slash.user_id, slash.channel_id);
      if (!decision.allowed) {
        services.logger.info({ user: slash.user_id, channel: slash.channel_id }, '/netcheck refused');
        return refusedReply(decision.reason);
      }
      return queueWork(command, slash, services, respond);
    }
  }
}

/** Registers the `/netcheck` listener. */
export function registerSlashCommand(app: App, services: BotServices): void {
  app.command(SLASH_COMMAND, async ({ command, ack, respond }) => {
    let reply: SlackMessage;
    try {
      reply = await handleSlashCommand(command, services, respond);
    } catch (error) {
      services.logger.error({ err: error }, '/netcheck failed');
      reply = failedReply(failureText(error));
    }
    await ack(ephemeral(reply));
  });
}
