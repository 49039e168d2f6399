// "Analyze with netcheck" on any message, for the users and channels allowed like collections: the engine reads the
// message's text in-process and the answer goes into the message's thread. When the bot may not post there, the user
// gets the answer ephemerally with the fix. A replayed request does nothing.
import type { App, MessageShortcut } from '@slack/bolt';
import type { BotServices } from '../../app/ports/bot-services.js';
import { SlackPermanentError } from '../../app/ports/slack-errors.js';
import { diagnoseText } from '../../diagnose.js';
import { ANALYZE_SHORTCUT } from '../../render/slack/action-ids.js';
import { renderAnalysis } from '../../render/slack/render-analysis.js';
import { failedReply, refusedReply } from '../../render/slack/render-replies.js';
import type { SlackMessage } from '../../render/slack/slack-message.js';
import { authorizeUser, ephemeral, failureText, isReplay, requestInfo } from './handler-support.js';
import type { SlackRequestInfo } from './signed-requests.js';

/** Longest text analysed (Slack messages hold 40 000 characters; snippets are files, not message text). */
export const MAX_SHORTCUT_TEXT = 100_000;

/** Slack errors meaning "the bot cannot post in this conversation". */
const CANNOT_POST = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

/** The Slack error code of a failed call, from our poster's error or the Web API client's. */
function slackErrorCode(error: unknown): string | undefined {
  if (error instanceof SlackPermanentError) return error.code;
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { code?: unknown; error?: unknown; data?: { error?: unknown } };
  for (const value of [e.error, e.data?.error, e.code]) if (typeof value === 'string') return value;
  return undefined;
}

function cannotPostReply(analysis: SlackMessage, code: string): SlackMessage {
  const fix =
    code === 'not_in_channel' || code === 'channel_not_found'
      ? 'invite it with `/invite @netcheck` and run the shortcut again'
      : 'this conversation does not accept its messages';
  return {
    text: `netcheck could not reply in the thread (${code}): ${analysis.text}`,
    blocks: [
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `:information_source: Only you can see this: netcheck cannot post in this thread (${code}); ${fix}.`,
          },
        ],
      },
      ...analysis.blocks.slice(0, 49),
    ],
  };
}

/** The analysis of `text` as a Slack message (pure engine, bounded input). */
export function analyzeMessageText(text: string): SlackMessage {
  const bounded = text.length > MAX_SHORTCUT_TEXT ? text.slice(0, MAX_SHORTCUT_TEXT) : text;
  const { detected, findings } = diagnoseText(bounded);
  return renderAnalysis({ detected, findings });
}

/**
 * Runs the shortcut after its ack: nothing for a replay, the refusal for a user or channel not allowed, else
 * analyse, post into the thread, or answer ephemerally when that fails.
 */
export async function handleAnalyzeShortcut(
  shortcut: MessageShortcut,
  services: BotServices,
  respond: (message: SlackMessage) => Promise<unknown>,
  request: SlackRequestInfo = { receivedAt: Date.now(), firstSeen: Promise.resolve(true) },
): Promise<void> {
  const channel = shortcut.channel.id;
  const threadTs = shortcut.message.thread_ts ?? shortcut.message.ts;
  const log = services.logger.child({ shortcut: ANALYZE_SHORTCUT, user: shortcut.user.id, channel });
  let checks: [boolean, Awaited<ReturnType<typeof authorizeUser>>];
  try {
    checks = await Promise.all([isReplay(request, log), authorizeUser(services, shortcut.user.id, channel, 'analyze')]);
  } catch (error) {
    log.error({ err: error }, 'could not check the shortcut request');
    await respond(failedReply(failureText(error)));
    return;
  }
  const [replay, decision] = checks;
  if (replay) return;
  if (!decision.allowed) {
    log.info('the analyze shortcut was refused');
    await respond(refusedReply(decision.reason));
    return;
  }
  let analysis: SlackMessage;
  try {
    analysis = analyzeMessageText(shortcut.message.text ?? '');
  } catch (error) {
    log.error({ err: error }, 'analysis failed');
    await respond(failedReply('netcheck could not analyse this message (the bot logs say why).'));
    return;
  }
  try {
    await services.slack.postMessage(channel, analysis, threadTs);
    log.info('analysis posted');
  } catch (error) {
    const code = slackErrorCode(error);
    if (code && CANNOT_POST.has(code)) {
      log.info({ code }, 'cannot post the analysis in the thread; answering ephemerally');
      await respond(cannotPostReply(analysis, code));
      return;
    }
    log.error({ err: error }, 'could not post the analysis');
    await respond(failedReply('netcheck could not post its analysis in the thread; try again in a minute.'));
  }
}

/** Registers the "Analyze with netcheck" message shortcut. */
export function registerMessageShortcut(app: App, services: BotServices): void {
  app.shortcut<MessageShortcut>(
    { callback_id: ANALYZE_SHORTCUT, type: 'message_action' },
    async ({ shortcut, ack, respond, context }) => {
      await ack();
      await handleAnalyzeShortcut(
        shortcut,
        services,
        (message) => respond(ephemeral(message)),
        requestInfo(context),
      ).catch((error: unknown) => services.logger.error({ err: error }, 'the analyze shortcut failed'));
    },
  );
}
