// Small pieces the Slack handlers share: ephemeral replies, "who asked", authorization with group lookup, and a
// bound wait so an ack never misses Slack's 3 seconds.
import type { RespondArguments } from '@slack/bolt';
import { authorize } from '../../chatops/authorize.js';
import { NodeExecError } from '../../exec/node-exec-error.js';
import type { Requester } from '../../incident/incident.js';
import type { BotServices } from '../../serve/bot-services.js';
import type { SlackMessage } from '../../serve/ports.js';

/** Time a handler may spend before it must ack: Slack's limit is 3 s, the network takes its share. */
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

/** The requester of a Slack payload: the id, and the name shown (as plain text) in the thread. */
export function requester(userId: string, userName: string | undefined): Requester {
  return { userId, userName: userName || userId };
}

/** `promise`'s value if it settles within `ms`, else `undefined` (the promise keeps running). Rejections pass. */
export async function within<T>(promise: Promise<T>, ms: number): Promise<{ value: T } | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise.then((value) => ({ value })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether `userId` may run collections from `channel`: the allow lists, with the user's allowed groups looked up. */
export async function authorizeUser(services: BotServices, userId: string, channel: string) {
  const userGroups =
    services.access.allowedGroups.length > 0 && !services.access.allowedUsers.includes(userId)
      ? await services.memberGroups(userId)
      : [];
  return authorize({ user: userId, channel, userGroups }, services.access);
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
