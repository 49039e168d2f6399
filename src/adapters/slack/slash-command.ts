// `/netcheck`: acked within Slack's 3 seconds (one deadline for the whole ack path), with an ephemeral reply (help,
// status, where the results will appear, why it was refused, or how to use the command); a replay gets an empty ack
// and runs nothing. Collections themselves run on the worker.
import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import type { BotServices } from '../../app/ports/bot-services.js';
import { type CollectionRequestResult, requestCollections, requestSweep } from '../../app/request-collections.js';
import { type Command, parseCommand } from '../../chatops/parse-command.js';
import { SLASH_COMMAND } from '../../render/slack/action-ids.js';
import { escapeMrkdwn } from '../../render/slack/mrkdwn.js';
import {
  failedReply,
  queuedReply,
  refusedReply,
  renderHelp,
  renderStatus,
  usageReply,
} from '../../render/slack/render-replies.js';
import type { SlackMessage } from '../../render/slack/slack-message.js';
import {
  ACK_BUDGET_MS,
  answerByDeadline,
  authorizeUser,
  ephemeral,
  failureText,
  isReplay,
  notice,
  requester,
  requestInfo,
} from './handler-support.js';
import type { SlackRequestInfo } from './signed-requests.js';

/** The ack of a queued request: where the results will appear. */
export function answerReply(
  answer: Pick<CollectionRequestResult, 'incident' | 'existing'>,
  nodes: readonly string[],
  all = false,
): SlackMessage {
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

/** `/netcheck status`, for the users and channels allowed like collections. */
async function status(slash: SlashCommand, services: BotServices): Promise<SlackMessage> {
  const decision = await authorizeUser(services, slash.user_id, slash.channel_id, 'status');
  if (!decision.allowed) {
    services.logger.info({ user: slash.user_id, channel: slash.channel_id }, '/netcheck status refused');
    return refusedReply(decision.reason);
  }
  return statusReply(services).catch((error: unknown) => {
    services.logger.warn({ err: error }, '/netcheck status failed');
    return failedReply('netcheck status is unavailable right now: its Redis does not answer.');
  });
}

/**
 * A collection or sweep: not for a replay, then authorized (the replay check and the group lookup run together),
 * then queued. Resolves with the answer: where results go, why it was refused, or undefined for a replay.
 */
async function queueWork(
  command: Extract<Command, { kind: 'nodes' | 'all' }>,
  slash: SlashCommand,
  services: BotServices,
  request: SlackRequestInfo,
): Promise<SlackMessage | undefined> {
  const log = services.logger.child({ user: slash.user_id, channel: slash.channel_id });
  const [replay, decision] = await Promise.all([
    isReplay(request, log),
    authorizeUser(services, slash.user_id, slash.channel_id),
  ]);
  if (replay) return undefined;
  if (!decision.allowed) {
    log.info('/netcheck refused');
    return refusedReply(decision.reason);
  }
  const by = requester(slash.user_id, slash.user_name);
  const nodes = command.kind === 'nodes' ? command.nodes : [];
  const all = command.kind === 'all';
  const answer = await (all
    ? requestSweep(
        {
          requester: by,
          channel: slash.channel_id,
          ...(command.selector !== undefined ? { selector: command.selector } : {}),
        },
        services,
      )
    : requestCollections({ nodes, requester: by, channel: slash.channel_id, reason: 'command' }, services));
  log.info({ incident: answer.incident.id, nodes, all }, '/netcheck request queued');
  return answerReply(answer, nodes, all);
}

/** The ack while the answer is not ready: it follows through response_url. */
function pendingReply(command: Command): SlackMessage {
  const what =
    command.kind === 'status'
      ? 'netcheck status'
      : command.kind === 'all'
        ? 'a check of all nodes'
        : `a check of ${command.kind === 'nodes' ? command.nodes.join(', ') : 'nodes'}`;
  return notice(`:hourglass_flowing_sand: Working on ${escapeMrkdwn(what)}; the answer follows here in a moment.`);
}

/**
 * What `/netcheck <text>` answers in its ack (undefined: an empty ack, for a replay), within ACK_BUDGET_MS of the
 * request's arrival; an answer not ready by then follows through response_url (one of its 5 uses).
 */
export async function handleSlashCommand(
  slash: SlashCommand,
  services: BotServices,
  respond: RespondFn,
  request: SlackRequestInfo = { receivedAt: Date.now(), firstSeen: Promise.resolve(true) },
): Promise<SlackMessage | undefined> {
  const command = parseCommand(slash.text ?? '');
  const deadline = request.receivedAt + ACK_BUDGET_MS;
  const reply = (message: SlackMessage) => respond(ephemeral(message));
  switch (command.kind) {
    case 'help':
      return renderHelp();
    case 'error':
      return usageReply(`${command.message}. ${command.hint}`);
    case 'status':
      return answerByDeadline(status(slash, services), deadline, pendingReply(command), reply, services.logger);
    default:
      return answerByDeadline(
        queueWork(command, slash, services, request),
        deadline,
        pendingReply(command),
        reply,
        services.logger,
      );
  }
}

/** Registers the `/netcheck` listener. */
export function registerSlashCommand(app: App, services: BotServices): void {
  app.command(SLASH_COMMAND, async ({ command, ack, respond, context }) => {
    let reply: SlackMessage | undefined;
    try {
      reply = await handleSlashCommand(command, services, respond, requestInfo(context));
    } catch (error) {
      services.logger.error({ err: error }, '/netcheck failed');
      reply = failedReply(failureText(error));
    }
    await (reply ? ack(ephemeral(reply)) : ack());
  });
}
