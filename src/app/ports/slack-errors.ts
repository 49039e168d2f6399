// The errors the SlackOut port throws: a call a retry cannot fix (with the operator's fix) and a call that kept failing
// transiently. Thrown by the poster (src/adapters/slack/), recognised by the thread and the use cases.

/** Error codes of the Web API that are never retried, with what the operator should do. */
const FIXES: Record<string, string> = {
  invalid_auth: 'check SLACK_BOT_TOKEN: it must be the bot token (xoxb-…) of the installed app',
  not_authed: 'set SLACK_BOT_TOKEN: Slack received no token',
  token_revoked: 'the app was uninstalled or its token revoked: reinstall it and update SLACK_BOT_TOKEN',
  token_expired: 'the token expired: reinstall the app (or disable token rotation) and update SLACK_BOT_TOKEN',
  account_inactive: 'the bot user or its workspace was deactivated: reinstall the app and update SLACK_BOT_TOKEN',
  not_allowed_token_type: 'SLACK_BOT_TOKEN must be a bot token (xoxb-…), not a user or app-level token',
  missing_scope: 'add the missing OAuth scope (chat:write, files:write, usergroups:read…) and reinstall the app',
  no_permission: 'the workspace does not allow this app to do that: ask a Slack admin',
  ekm_access_denied: 'the workspace blocks access (Enterprise Key Management): ask a Slack admin',
  team_access_not_granted: 'the app is not granted to this workspace: ask a Slack admin to add it',
  restricted_action: 'a workspace policy forbids the bot to post in this channel: ask a Slack admin',
  channel_not_found:
    'check the channel id (NETCHECK_CHANNEL or the routing rules): use the id (C…), not the name; a private channel needs the bot invited',
  not_in_channel: 'invite the bot into the channel: /invite @netcheck',
  is_archived: 'the channel is archived: unarchive it or route incidents to another channel (NETCHECK_CHANNEL)',
  user_not_in_channel: 'the user is not in that channel, so an ephemeral reply cannot reach them',
  message_not_found: 'the message was deleted in Slack; later updates of this incident go into its thread only',
  cant_update_message: 'only messages posted by the bot can be updated; the stored root message is not the bot’s',
  edit_window_closed: 'the workspace limits how long messages can be edited; the root message cannot be updated',
  invalid_blocks: 'a message broke Block Kit rules: report it as a netcheck bug, with this log line',
  invalid_blocks_format: 'a message had malformed blocks: report it as a netcheck bug, with this log line',
  msg_blocks_too_long: 'a message exceeded Slack’s total block size: report it as a netcheck bug, with this log line',
  msg_too_long: 'a message text exceeded 40 000 characters: report it as a netcheck bug, with this log line',
  no_text: 'a message had neither text nor blocks: report it as a netcheck bug, with this log line',
  invalid_arguments: 'Slack refused the arguments of a call: report it as a netcheck bug, with this log line',
  file_not_found: 'the uploaded file vanished before it was shared: the upload is given up',
  upload_refused: 'the file upload URL refused the bytes: the upload is given up',
};

/** The operator's fix for a permanent error code. */
export function fixFor(code: string): string {
  return FIXES[code] ?? `Slack answered "${code}": see https://api.slack.com/methods for what it means`;
}

/** A Slack call that will not succeed by retrying: `code` is Slack's error, `fix` what the operator should do. */
export class SlackPermanentError extends Error {
  override readonly name = 'SlackPermanentError';
  readonly fix: string;

  constructor(
    readonly code: string,
    readonly method: string,
    readonly channel?: string,
  ) {
    const fix = fixFor(code);
    super(`Slack ${method}${channel === undefined ? '' : ` in ${channel}`} failed: ${code} (${fix})`);
    this.fix = fix;
  }
}

/** A Slack call that kept failing transiently (5xx, timeouts, network) until the attempts ran out. */
export class SlackUnavailableError extends Error {
  override readonly name = 'SlackUnavailableError';

  constructor(
    readonly code: string,
    readonly method: string,
    readonly attempts: number,
    readonly channel?: string,
  ) {
    super(`Slack ${method}${channel === undefined ? '' : ` in ${channel}`} failed ${attempts} times (last: ${code})`);
  }
}
