// Slack's message limits the Block Kit renderers stay within.
/**
 * Slack's message limits netcheck renders within (platform-facts §2; Block Kit reference). `totalText` is below the
 * undocumented `msg_blocks_too_long` rejection at about 13.2k characters across all blocks.
 */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  fields: 10,
  fieldText: 2000,
  contextElements: 10,
  contextText: 3000,
  actionElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  id: 255,
  totalText: 12_000,
  fallbackText: 4000,
} as const;
