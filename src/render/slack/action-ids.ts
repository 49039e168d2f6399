// Slack interaction ids netcheck's messages carry and its Bolt app listens for. Public: a Slack app's
// configuration (the shortcut's callback id) and old messages' buttons depend on them. Never rename.

/** The slash command. */
export const SLASH_COMMAND = '/netcheck';

/** Message shortcut "Analyze with netcheck": runs the engine on the message's text. */
export const ANALYZE_SHORTCUT = 'netcheck_analyze';

/** Buttons on an incident's root message and node results. Their `value` is the incident id. */
export const ACTION = {
  rerun: 'netcheck_rerun',
  checkAll: 'netcheck_check_all',
  silence: 'netcheck_silence',
} as const;

export type ActionId = (typeof ACTION)[keyof typeof ACTION];
