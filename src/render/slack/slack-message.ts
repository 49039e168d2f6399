// What the Slack renderers build: a message (fallback text and Block Kit blocks) and a file to upload. Pure types.

/** A Slack message as the pure renderer builds it (src/render/slack/). `text` is the notification fallback. */
export interface SlackMessage {
  text: string;
  blocks: readonly Record<string, unknown>[];
}

export interface SlackFile {
  filename: string;
  title: string;
  content: string | Buffer;
  /** Short text posted with the file. */
  comment?: string;
}
