// The SlackOut port in memory (src/app/ports/slack-out.ts), for use-case tests: every call Slack would see, in order,
// with the channel and thread it went to; `refuse` makes Slack refuse the messages whose text matches, for good.

import { SlackPermanentError } from '../../src/app/ports/slack-errors.js';
import type { PreparedFile, SlackOut } from '../../src/app/ports/slack-out.js';
import type { SlackFile, SlackMessage } from '../../src/render/slack/slack-message.js';

export type SlackCall =
  | { method: 'chat.postMessage'; channel: string; ts: string; threadTs?: string; text: string }
  | { method: 'chat.update'; channel: string; ts: string; text: string }
  | { method: 'chat.postEphemeral'; channel: string; user: string; text: string }
  | { method: 'files.upload'; channel: string; fileId: string; title: string }
  | { method: 'files.share'; channel: string; threadTs: string; fileId: string };

export class MemorySlackOut implements SlackOut {
  readonly calls: SlackCall[] = [];
  private readonly refusals: { pattern: RegExp; code: string }[] = [];
  private messages = 0;
  private files = 0;

  /** Messages whose text matches `pattern` are refused with `code` (a permanent error, e.g. msg_too_long). */
  refuse(pattern: RegExp, code: string): void {
    this.refusals.push({ pattern, code });
  }

  /** The texts posted into the thread of `rootTs`, and the ids of the files shared there, in order. */
  thread(rootTs: string): string[] {
    return this.calls.flatMap((call) => {
      if (call.method === 'chat.postMessage' && call.threadTs === rootTs) return [call.text];
      if (call.method === 'files.share' && call.threadTs === rootTs) return [`file:${call.fileId}`];
      return [];
    });
  }

  async postMessage(channel: string, message: SlackMessage, threadTs?: string): Promise<{ ts: string }> {
    const refusal = this.refusals.find((r) => r.pattern.test(message.text));
    if (refusal) throw new SlackPermanentError(refusal.code, 'chat.postMessage', channel);
    const ts = `1700000000.${String(++this.messages).padStart(6, '0')}`;
    this.calls.push({ method: 'chat.postMessage', channel, ts, text: message.text, ...(threadTs ? { threadTs } : {}) });
    return { ts };
  }

  async updateMessage(channel: string, ts: string, message: SlackMessage): Promise<void> {
    this.calls.push({ method: 'chat.update', channel, ts, text: message.text });
  }

  async postEphemeral(channel: string, user: string, message: SlackMessage): Promise<void> {
    this.calls.push({ method: 'chat.postEphemeral', channel, user, text: message.text });
  }

  async uploadFile(channel: string, threadTs: string, file: SlackFile): Promise<void> {
    await this.shareFile(channel, threadTs, await this.prepareFile(channel, file));
  }

  async prepareFile(channel: string, file: SlackFile): Promise<PreparedFile> {
    const fileId = `F${++this.files}`;
    this.calls.push({ method: 'files.upload', channel, fileId, title: file.title });
    return { fileId, title: file.title, ...(file.comment === undefined ? {} : { comment: file.comment }) };
  }

  async shareFile(channel: string, threadTs: string, file: PreparedFile): Promise<void> {
    this.calls.push({ method: 'files.share', channel, threadTs, fileId: file.fileId });
  }
}
