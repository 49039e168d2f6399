// `netcheck doctor`'s Slack checks: the bot token (auth.test), the app-level token in Socket Mode
// (apps.connections.open) and the bot's membership of NETCHECK_CHANNEL (conversations.info), each with its fix.
import { type WebAPIPlatformError, WebClient } from '@slack/web-api';
import type { Logger } from '../../app/ports/logger.js';
import { type DoctorCheck, failed, passed } from '../../domain/doctor-check.js';
import { checkAppToken, checkBotToken, SlackTokenRefused } from './slack-identity.js';

export interface SlackCheckSettings {
  botToken: string;
  appToken?: string;
  apiUrl: string;
  channel?: string;
}

const codeOf = (error: unknown) => (error as Partial<WebAPIPlatformError>)?.data?.error;

function tokenFailure(name: string, error: unknown): DoctorCheck {
  if (error instanceof SlackTokenRefused) return failed('slack', name, `refused (${error.code})`, error.message);
  return failed(
    'slack',
    name,
    `no answer from Slack: ${(error as Error).message}`,
    'Check that netcheck can reach slack.com over HTTPS (egress NetworkPolicy, proxy) or SLACK_API_URL.',
  );
}

/** Runs the Slack checks; never throws. */
export async function checkSlack(
  settings: SlackCheckSettings,
  logger: Logger,
  timeoutMs = 5000,
): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  let botUserId = '';
  try {
    botUserId = (await checkBotToken(settings.botToken, settings.apiUrl, logger, timeoutMs)).botUserId;
    checks.push(passed('slack', 'bot token (auth.test)', `bot user ${botUserId}`));
  } catch (error) {
    return [tokenFailure('bot token (auth.test)', error)];
  }
  if (settings.appToken !== undefined) {
    try {
      await checkAppToken(settings.appToken, settings.apiUrl, logger, timeoutMs);
      checks.push(passed('slack', 'Socket Mode token (apps.connections.open)', 'connections open'));
    } catch (error) {
      checks.push(tokenFailure('Socket Mode token (apps.connections.open)', error));
    }
  }
  if (settings.channel === undefined) {
    checks.push(
      failed(
        'slack',
        'incident channel',
        'NETCHECK_CHANNEL is not set',
        'Set NETCHECK_CHANNEL to the channel id (C…) where alerts open their threads.',
      ),
    );
    return checks;
  }
  checks.push(await channelCheck(settings, timeoutMs));
  return checks;
}

async function channelCheck(settings: SlackCheckSettings, timeoutMs: number): Promise<DoctorCheck> {
  const name = `bot in ${settings.channel}`;
  const invite = `Invite the bot: in ${settings.channel}, type /invite @netcheck (or add the app in the channel's Integrations).`;
  try {
    const web = new WebClient(settings.botToken, {
      slackApiUrl: settings.apiUrl,
      timeout: timeoutMs,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
    const answer = await web.conversations.info({ channel: settings.channel ?? '' });
    const channel = answer.channel;
    if (channel?.is_archived) {
      return failed('slack', name, `#${channel.name} is archived`, 'Unarchive it, or set NETCHECK_CHANNEL to another.');
    }
    return channel?.is_member
      ? passed('slack', name, `#${channel.name ?? settings.channel}`)
      : failed('slack', name, `not a member of #${channel?.name ?? settings.channel}`, invite);
  } catch (error) {
    const code = codeOf(error);
    if (code === 'channel_not_found') {
      return failed('slack', name, 'channel not found (or private without the bot)', `${invite} Check the id.`);
    }
    if (code === 'missing_scope') {
      return failed(
        'slack',
        name,
        'cannot look the channel up (missing_scope)',
        'Add the channels:read and groups:read scopes (docs/slack-app-manifest.yaml) and reinstall the app.',
      );
    }
    return failed('slack', name, `conversations.info failed: ${code ?? (error as Error).message}`, invite);
  }
}
