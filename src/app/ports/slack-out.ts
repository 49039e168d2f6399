// The SlackOut port: outbound Slack calls (post, update, ephemeral, file upload in two halves).
import type { SlackFile, SlackMessage } from '../../render/slack/slack-message.js';

/** A file whose bytes Slack already has, shared into a thread later (SlackOut.prepareFile, then shareFile). */
export interface PreparedFile {
  fileId: string;
  title: string;
  comment?: string;
}

/**
 * Outbound Slack (src/adapters/slack/slack-poster.ts): per-channel rate limit, 429 Retry-After, retries of 5xx and
 * timeouts, no retry of permanent errors (thrown as SlackPermanentError), FIFO per channel so a thread keeps its order.
 */
export interface SlackOut {
  postMessage(channel: string, message: SlackMessage, threadTs?: string): Promise<{ ts: string }>;
  updateMessage(channel: string, ts: string, message: SlackMessage): Promise<void>;
  postEphemeral(channel: string, user: string, message: SlackMessage): Promise<void>;
  /** files.getUploadURLExternal + upload + files.completeUploadExternal into a thread. */
  uploadFile(channel: string, threadTs: string, file: SlackFile): Promise<void>;
  /** The first half of uploadFile: the bytes go to Slack, nothing is shared yet. */
  prepareFile(channel: string, file: SlackFile): Promise<PreparedFile>;
  /** The second half: shares a prepared file into a thread (files.completeUploadExternal). */
  shareFile(channel: string, threadTs: string, file: PreparedFile): Promise<void>;
}
