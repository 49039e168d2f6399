// The SlackOut port in memory (src/app/ports/slack-out.ts), for use-case tests: every call Slack would see, in order,
// with the channel and thread it went to; `refuse` and `refuseNext` make Slack refuse calls for good. It answers like
// the poster over Slack (test/support/slack-out-contract.ts).

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
  private readonly next = new Map<string, string[]>();
  /** The ts of every message posted, to refuse updating any other (message_not_found). */
  private readonly posted = new Set<string>();
  /** Prepared files, until shared (a second share gets file_not_found). */
  private readonly prepared = new Set<string>();
  private messages = 0;
  private files = 0;

  /** Messages whose text matches `pattern` are refused with `code` (a permanent error, e.g. msg_too_long). */
  refuse(pattern: RegExp, code: string): void {
    this.refusals.push({ pattern, code });
  }

  /** The next call of `method` is refused with `code` (a permanent error, e.g. cant_update_message). */
  refuseNext(method: 'chat.postMessage' | 'chat.update', code: string): void {
    this.next.set(method, [...(this.next.get(method) ?? []), code]);
  }

  private refusal(method: string, channel: string, text: string): void {
    const code = this.next.get(method)?.shift() ?? (method === 'chat.postMessage' ? this.match(text) : undefined);
    if (code !== undefined) throw new SlackPermanentError(code, method, channel);
  }

  private match(text: string): string | undefined {
    return this.refusals.find((r) => r.pattern.test(text))?.code;
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
    this.refusal('chat.postMessage', channel, message.text);
    const ts = `1700000000.${String(++this.messages).padStart(6, '0')}`;
    this.posted.add(ts);
    this.calls.push({ method: 'chat.postMessage', channel, ts, text: message.text, ...(threadTs ? { threadTs } : {}) });
    return { ts };
  }

  async updateMessage(channel: string, ts: string, message: SlackMessage): Promise<void> {
    this.refusal('chat.update', channel, message.text);
    if (!this.posted.has(ts)) throw new SlackPermanentError('message_not_found', 'chat.update', channel);
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
    this.prepared.add(fileId);
    this.calls.push({ method: 'files.upload', channel, fileId, title: file.title });
    return { fileId, title: file.title, ...(file.comment === undefined ? {} : { comment: file.comment }) };
  }

  async shareFile(channel: string, threadTs: string, file: PreparedFile): Promise<void> {
    if (!this.prepared.delete(file.fileId)) {
      throw new SlackPermanentError('file_not_found', 'files.completeUploadExternal', channel);
    }
    this.calls.push({ method: 'files.share', channel, threadTs, fileId: file.fileId });
  }
}
