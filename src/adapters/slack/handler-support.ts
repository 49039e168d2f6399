// Small pieces the Slack handlers share: ephemeral replies, "who asked", authorization with group lookup, the
// request facts the signature gate hands over (arrival time, replay or not), and one ack deadline per request.
import type { RespondArguments } from '@slack/bolt';
import type { BotServices } from '../../app/ports/bot-services.js';
import { authorize, type GuardedAction } from '../../chatops/authorize.js';
import { NodeExecError } from '../../exec/node-exec-error.js';
import type { Requester } from '../../incident/incident.js';
import { failedReply } from '../../render/slack/render-replies.js';
import type { SlackMessage } from '../../render/slack/slack-message.js';
import { REQUEST_INFO_KEY, type SlackRequestInfo } from './signed-requests.js';

/**
 * How long after a request arrives its ack goes out at the latest: every wait on the ack path (replay check, group
 * lookup, Redis) shares this one deadline, so with the network's share the ack stays within 2.5 s of Slack's 3.
 */
export const ACK_BUDGET_MS = 2000;

/** A renderer message as an ephemeral reply (ack body or response_url POST), visible only to the user. */
export function ephemeral(message: SlackMessage): RespondArguments {
  return {
    response_type: 'ephemeral',
    replace_original: false,
    text: message.text,
    blocks: message.blocks,
  } as RespondArguments;
}

/** A one-section message. */
export function notice(text: string): SlackMessage {
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

/** The requester of a Slack payload: the id, and the name shown (as plain text) in the thread. */
export function requester(userId: string, userName: string | undefined): Requester {
  return { userId, userName: userName || userId };
}

/**
 * What the signature gate learned about the request in Bolt's `context` (HTTP mode). Socket Mode has no signature
 * gate: the envelope came over netcheck's own authenticated socket, so it is a first delivery that arrived now.
 */
export function requestInfo(context: Record<string, unknown>): SlackRequestInfo {
  const info = context[REQUEST_INFO_KEY] as SlackRequestInfo | undefined;
  return info ?? { receivedAt: Date.now(), firstSeen: Promise.resolve(true) };
}

/** `promise`'s value if it settles within `ms`, else `undefined` (the promise keeps running). Rejections pass. */
export async function within<T>(promise: Promise<T>, ms: number): Promise<{ value: T } | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), Math.max(0, ms));
  });
  try {
    return await Promise.race([promise.then((value) => ({ value })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The ack of a request whose answer is `work` (undefined: a replay, acked with an empty body): `work`'s answer if it
 * is ready by `deadline`, else `pending`, and `work`'s answer follows through response_url when it is ready.
 */
export async function answerByDeadline(
  work: Promise<SlackMessage | undefined>,
  deadline: number,
  pending: SlackMessage,
  respond: (message: SlackMessage) => Promise<unknown>,
  log: BotServices['logger'],
): Promise<SlackMessage | undefined> {
  const failed = (error: unknown) => {
    log.error({ err: error }, 'a Slack request failed');
    return failedReply(failureText(error));
  };
  const settled = await within(work.catch(failed), deadline - Date.now());
  if (settled) return settled.value;
  work
    .catch(failed)
    .then((message) => (message ? respond(message) : undefined))
    .catch((error: unknown) => log.warn({ err: error }, 'could not answer through response_url'));
  return pending;
}

/** Whether a signed request is a replay; logs it when it is. A failed check rejects (nothing runs). */
export async function isReplay(info: SlackRequestInfo, log: BotServices['logger']): Promise<boolean> {
  if (await info.firstSeen) return false;
  log.info('replayed Slack request ignored (its signature was seen before)');
  return true;
}

/** Whether `userId` may do `action` from `channel`: the allow lists, with the user's allowed groups looked up. */
export async function authorizeUser(
  services: BotServices,
  userId: string,
  channel: string,
  action: GuardedAction = 'collect',
) {
  const userGroups =
    services.access.allowedGroups.length > 0 && !services.access.allowedUsers.includes(userId)
      ? await services.memberGroups(userId)
      : [];
  return authorize({ user: userId, channel, userGroups, action }, services.access);
}

/** What to tell a user when their request failed on our side; the cause goes to the log, not to Slack. */
export function failureText(error: unknown): string {
  if (error instanceof NodeExecError) return `${error.message}. ${error.hint}`;
  const message = error instanceof Error ? error.message : String(error);
  if (/redis|ECONNREFUSED|Connection is closed|Command timed out|max retries/i.test(message)) {
    return 'netcheck could not queue this: its Redis is unreachable. Try again in a minute; if it persists, tell whoever runs netcheck.';
  }
  return 'netcheck could not do this because of an internal error. Try again; if it persists, tell whoever runs netcheck (the bot logs say why).';
}
