// Requests as Slack sends them to an app: slash commands (form fields) and interactions (form field `payload=<json>`),
// signed with v0 HMAC-SHA256 over `v0:<timestamp>:<raw body>` (X-Slack-Signature, X-Slack-Request-Timestamp).
// Payload shapes follow Slack's docs for slash commands, block_actions and message shortcuts.
import { createHmac, randomBytes } from 'node:crypto';

/** A v0 signature of `body` at `timestamp` (seconds since epoch, default now). */
export function signSlackRequest(
  secret: string,
  body: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): { timestamp: string; signature: string } {
  const ts = String(timestamp);
  const digest = createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex');
  return { timestamp: ts, signature: `v0=${digest}` };
}

export interface SendOptions {
  /** Request timestamp in seconds (an old one replays a request). Default: now. */
  timestamp?: number;
  /** Sign with another secret (a forged request). */
  forgeWithSecret?: string;
  /** Send this X-Slack-Signature verbatim. */
  signature?: string;
  /** Drop the signature headers entirely. */
  unsigned?: boolean;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export interface SlackHttpResult {
  status: number;
  body: string;
  /** Round trip in milliseconds (the 3-second ack budget). */
  ms: number;
  headers: Headers;
}

/** Posts a signed form body to an app's request URL (e.g. Bolt's POST /slack/events). */
export async function sendSigned(
  url: string,
  secret: string,
  body: string,
  options: SendOptions = {},
): Promise<SlackHttpResult> {
  const signed = signSlackRequest(options.forgeWithSecret ?? secret, body, options.timestamp);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    ...(options.unsigned === true
      ? {}
      : { 'x-slack-request-timestamp': signed.timestamp, 'x-slack-signature': options.signature ?? signed.signature }),
    ...options.headers,
  };
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body,
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  const text = await response.text();
  return { status: response.status, body: text, ms: performance.now() - started, headers: response.headers };
}

/** The form fields of a slash command. */
export interface SlashCommandFields {
  token: string;
  team_id: string;
  team_domain: string;
  channel_id: string;
  channel_name: string;
  user_id: string;
  user_name: string;
  command: string;
  text: string;
  api_app_id: string;
  is_enterprise_install: string;
  response_url: string;
  trigger_id: string;
}

const team = { id: 'T0NETCHECK', domain: 'netcheck-test' };

function triggerId(): string {
  return `${Date.now()}.${Math.floor(Math.random() * 1e11)}.${randomBytes(16).toString('hex')}`;
}

/** A `/netcheck` invocation as Slack would send it; override any field. */
export function slashCommand(fields: Partial<SlashCommandFields> = {}): SlashCommandFields {
  return {
    token: 'verification-token-unused',
    team_id: team.id,
    team_domain: team.domain,
    channel_id: 'C0INCIDENTS',
    channel_name: 'incidents',
    user_id: 'U0ALICE',
    user_name: 'alice',
    command: '/netcheck',
    text: '',
    api_app_id: 'A0NETCHECK',
    is_enterprise_install: 'false',
    response_url: `https://hooks.slack.com/commands/${team.id}/1/unused`,
    trigger_id: triggerId(),
    ...fields,
  };
}

/** Sends a signed slash command, form-encoded like Slack. */
export function sendSlashCommand(
  url: string,
  secret: string,
  fields: Partial<SlashCommandFields> = {},
  options: SendOptions = {},
): Promise<SlackHttpResult> {
  const body = new URLSearchParams(slashCommand(fields) as unknown as Record<string, string>).toString();
  return sendSigned(url, secret, body, options);
}

/** Sends a signed interaction (`payload=<json>`), e.g. from blockActions() or messageShortcut(). */
export function sendInteraction(
  url: string,
  secret: string,
  payload: Record<string, unknown>,
  options: SendOptions = {},
): Promise<SlackHttpResult> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return sendSigned(url, secret, body, options);
}

export interface InteractionContext {
  userId?: string;
  userName?: string;
  channelId?: string;
  channelName?: string;
  responseUrl?: string;
}

function who(context: InteractionContext) {
  const userId = context.userId ?? 'U0ALICE';
  const userName = context.userName ?? 'alice';
  return {
    user: { id: userId, username: userName, name: userName, team_id: team.id },
    channel: { id: context.channelId ?? 'C0INCIDENTS', name: context.channelName ?? 'incidents' },
    team,
    api_app_id: 'A0NETCHECK',
    token: 'verification-token-unused',
    trigger_id: triggerId(),
    is_enterprise_install: false,
    enterprise: null,
    response_url: context.responseUrl ?? `https://hooks.slack.com/actions/${team.id}/1/unused`,
  };
}

const actionTs = (): string => (Date.now() / 1000).toFixed(6);

/** A button click (`block_actions`) on a message the bot posted. */
export function blockActions(
  action: { actionId: string; value?: string; blockId?: string; text?: string },
  message: { ts: string; threadTs?: string; text?: string; blocks?: unknown[] },
  context: InteractionContext = {},
): Record<string, unknown> {
  const base = who(context);
  return {
    type: 'block_actions',
    ...base,
    container: {
      type: 'message',
      message_ts: message.ts,
      channel_id: base.channel.id,
      is_ephemeral: false,
      ...(message.threadTs === undefined ? {} : { thread_ts: message.threadTs }),
    },
    message: {
      type: 'message',
      subtype: 'bot_message',
      user: 'U0NETCHECK',
      bot_id: 'B0NETCHECK',
      ts: message.ts,
      text: message.text ?? '',
      blocks: message.blocks ?? [],
      ...(message.threadTs === undefined ? {} : { thread_ts: message.threadTs }),
    },
    state: { values: {} },
    actions: [
      {
        type: 'button',
        action_id: action.actionId,
        block_id: action.blockId ?? 'actions',
        text: { type: 'plain_text', text: action.text ?? action.actionId, emoji: true },
        ...(action.value === undefined ? {} : { value: action.value }),
        action_ts: actionTs(),
      },
    ],
  };
}

/** A message shortcut (`message_action`) run on someone's message, e.g. "Analyze with netcheck". */
export function messageShortcut(
  callbackId: string,
  message: { text: string; ts: string; threadTs?: string; user?: string },
  context: InteractionContext = {},
): Record<string, unknown> {
  const base = who(context);
  return {
    type: 'message_action',
    ...base,
    callback_id: callbackId,
    action_ts: actionTs(),
    message_ts: message.ts,
    message: {
      type: 'message',
      user: message.user ?? 'U0BOB',
      ts: message.ts,
      text: message.text,
      ...(message.threadTs === undefined ? {} : { thread_ts: message.threadTs }),
    },
  };
}

/** The same slash command as a Socket Mode envelope (payload = the form fields as JSON). */
export function slashCommandEnvelope(fields: Partial<SlashCommandFields> = {}) {
  return { type: 'slash_commands' as const, payload: { ...slashCommand(fields) }, accepts_response_payload: true };
}

/** An interaction as a Socket Mode envelope. */
export function interactiveEnvelope(payload: Record<string, unknown>) {
  return { type: 'interactive' as const, payload, accepts_response_payload: payload.type === 'view_submission' };
}
