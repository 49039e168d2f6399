// The start-up check of the Slack tokens: auth.test with the bot token (its answer gives Bolt the bot's ids) and
// apps.connections.open with the app token in Socket Mode. A token Slack refuses becomes SlackTokenRefused, which
// names the variable and the fix; a Slack that does not answer is not a refusal (the caller decides).
import { type WebAPIPlatformError, WebClient } from '@slack/web-api';
import type { Logger } from '../../app/ports/logger.js';
import { createBoltLogger } from './bolt-logger.js';

/** Platform errors that mean "this token is wrong, revoked or not allowed", not "Slack is having trouble". */
const REFUSALS = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'not_allowed_token_type',
  'missing_scope',
  'team_disabled',
]);

export type TokenVariable = 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN';

/** Slack refused `variable`'s token with `code`; the message says what to set instead. */
export class SlackTokenRefused extends Error {
  constructor(
    readonly variable: TokenVariable,
    readonly code: string,
  ) {
    super(`${variable}: Slack refused it (${code}). ${tokenFix(variable, code)}`);
    this.name = 'SlackTokenRefused';
  }
}

/** What to do about a refused token. */
export function tokenFix(variable: TokenVariable, code: string): string {
  if (variable === 'SLACK_APP_TOKEN') {
    return code === 'missing_scope'
      ? 'Give the app-level token the connections:write scope (Basic Information → App-Level Tokens), or unset SLACK_APP_TOKEN to receive requests over HTTP.'
      : 'Set it to an app-level token (xapp-…) with the connections:write scope from the Slack app’s Basic Information page, or unset it to receive requests over HTTP.';
  }
  return code === 'not_allowed_token_type'
    ? 'Set it to the Bot User OAuth Token (xoxb-…) from the Slack app’s OAuth & Permissions page, not a user or app-level token.'
    : 'Set it to the Bot User OAuth Token (xoxb-…) from the Slack app’s OAuth & Permissions page; if the token was revoked or the app uninstalled, reinstall the app to the workspace and use its new token.';
}

export interface BotIdentity {
  botId: string;
  botUserId: string;
}

function client(token: string, apiUrl: string, logger: Logger, timeoutMs: number): WebClient {
  return new WebClient(token, {
    slackApiUrl: apiUrl,
    timeout: timeoutMs,
    retryConfig: { retries: 1, factor: 1, minTimeout: 500, maxTimeout: 500 },
    rejectRateLimitedCalls: true,
    logger: createBoltLogger(logger),
  });
}

function refusal(error: unknown): string | undefined {
  const code = (error as Partial<WebAPIPlatformError>)?.data?.error;
  return typeof code === 'string' && REFUSALS.has(code) ? code : undefined;
}

/**
 * The bot's ids from auth.test. Throws SlackTokenRefused when Slack refuses SLACK_BOT_TOKEN; any other failure (no
 * answer, 5xx, rate limit) is thrown as is.
 */
export async function checkBotToken(token: string, apiUrl: string, logger: Logger, timeoutMs = 5000) {
  try {
    const answer = await client(token, apiUrl, logger, timeoutMs).auth.test();
    return { botId: answer.bot_id ?? '', botUserId: answer.user_id ?? '' } satisfies BotIdentity;
  } catch (error) {
    const code = refusal(error);
    if (code) throw new SlackTokenRefused('SLACK_BOT_TOKEN', code);
    throw error;
  }
}

/**
 * Whether Slack opens Socket Mode connections for SLACK_APP_TOKEN (apps.connections.open, the call Socket Mode
 * starts with; the URL it returns is left unused and expires). Throws like checkBotToken.
 */
export async function checkAppToken(appToken: string, apiUrl: string, logger: Logger, timeoutMs = 5000) {
  try {
    await client(appToken, apiUrl, logger, timeoutMs).apps.connections.open();
  } catch (error) {
    const code = refusal(error);
    if (code) throw new SlackTokenRefused('SLACK_APP_TOKEN', code);
    throw error;
  }
}
