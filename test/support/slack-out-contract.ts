// The SlackOut port's contract (src/app/ports/slack-out.ts) as cases any implementation must pass: the real poster over
// the local fake Slack and the in-memory SlackOut run the same cases (test/adapters/slack/slack-out-contract.test.ts).
import { expect, it } from 'vitest';
import type { SlackOut } from '../../src/app/ports/slack-out.js';
import type { SlackMessage } from '../../src/render/slack/slack-message.js';

/** What Slack shows after the calls, as a person in the channel would see it. */
export interface SlackView {
  /** The current text of a message (top level or reply); undefined when Slack has no such message. */
  text(channel: string, ts: string): string | undefined;
  /** The replies of a thread in order: a message's text, or `file:<title>` for a shared file. */
  thread(channel: string, rootTs: string): string[];
  /** The ephemeral messages shown in a channel, in order. */
  ephemerals(channel: string): { user: string; text: string }[];
  /** The next call of `method` is refused by Slack for good with `code` (an error a retry cannot fix). */
  refuseNext(method: 'chat.postMessage' | 'chat.update', code: string): void;
}

/** A SlackOut for one case and the view of the workspace it posts to (channel C0INCIDENTS, user U0ALICE exist). */
export type SlackOutWorld = () => Promise<{ slack: SlackOut; view: SlackView }>;

const CHANNEL = 'C0INCIDENTS';
const msg = (text: string): SlackMessage => ({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });
const file = (title: string) => ({ filename: `${title}.txt`, title, content: `bytes of ${title}` });

export function slackOutContract(world: SlackOutWorld): void {
  it('posts a message and its replies, in the order they were asked for, each with its own ts', async () => {
    const { slack, view } = await world();
    const { ts: root } = await slack.postMessage(CHANNEL, msg('root'));
    const texts = ['one', 'two', 'three', 'four', 'five'];
    const replies = await Promise.all(texts.map((text) => slack.postMessage(CHANNEL, msg(text), root)));
    expect(view.thread(CHANNEL, root)).toEqual(texts);
    expect(new Set([root, ...replies.map((r) => r.ts)]).size).toBe(6);
    expect(view.text(CHANNEL, root)).toBe('root');
    expect(view.text(CHANNEL, replies[1]?.ts ?? '')).toBe('two');
  });

  it('updates a message in place: its thread keeps its replies', async () => {
    const { slack, view } = await world();
    const { ts: root } = await slack.postMessage(CHANNEL, msg('root v1'));
    const { ts: reply } = await slack.postMessage(CHANNEL, msg('reply v1'), root);
    await slack.updateMessage(CHANNEL, root, msg('root v2'));
    await slack.updateMessage(CHANNEL, reply, msg('reply v2'));
    expect(view.text(CHANNEL, root)).toBe('root v2');
    expect(view.thread(CHANNEL, root)).toEqual(['reply v2']);
  });

  it('refuses for good to update a message Slack does not have (message_not_found)', async () => {
    const { slack } = await world();
    await expect(slack.updateMessage(CHANNEL, '1600000000.000001', msg('gone'))).rejects.toMatchObject({
      name: 'SlackPermanentError',
      code: 'message_not_found',
    });
  });

  it('uploads a file into a thread between the messages posted before and after it', async () => {
    const { slack, view } = await world();
    const { ts: root } = await slack.postMessage(CHANNEL, msg('root'));
    await slack.postMessage(CHANNEL, msg('before'), root);
    await slack.uploadFile(CHANNEL, root, file('chart'));
    await slack.postMessage(CHANNEL, msg('after'), root);
    expect(view.thread(CHANNEL, root)).toEqual(['before', 'file:chart', 'after']);
  });

  it('prepares a file without showing it, then shares it where asked, once', async () => {
    const { slack, view } = await world();
    const { ts: root } = await slack.postMessage(CHANNEL, msg('root'));
    const prepared = await slack.prepareFile(CHANNEL, file('table'));
    expect(prepared).toMatchObject({ fileId: expect.any(String), title: 'table' });
    expect(view.thread(CHANNEL, root)).toEqual([]);
    await slack.postMessage(CHANNEL, msg('first'), root);
    await slack.shareFile(CHANNEL, root, prepared);
    expect(view.thread(CHANNEL, root)).toEqual(['first', 'file:table']);
    // Shared once: Slack refuses the same upload a second time, for good.
    await expect(slack.shareFile(CHANNEL, root, prepared)).rejects.toMatchObject({
      name: 'SlackPermanentError',
      code: 'file_not_found',
    });
    expect(view.thread(CHANNEL, root)).toEqual(['first', 'file:table']);
  });

  it('shows an ephemeral message to one user in a channel', async () => {
    const { slack, view } = await world();
    const text = `only for alice ${Math.random()}`;
    await slack.postEphemeral(CHANNEL, 'U0ALICE', msg(text));
    expect(view.ephemerals(CHANNEL).filter((e) => e.text === text)).toEqual([{ user: 'U0ALICE', text }]);
  });

  it('rejects a call Slack refuses for good with SlackPermanentError and its code; the next call goes through', async () => {
    const { slack, view } = await world();
    const { ts: root } = await slack.postMessage(CHANNEL, msg('root'));
    view.refuseNext('chat.postMessage', 'msg_too_long');
    await expect(slack.postMessage(CHANNEL, msg('refused'), root)).rejects.toMatchObject({
      name: 'SlackPermanentError',
      code: 'msg_too_long',
      method: 'chat.postMessage',
    });
    await slack.postMessage(CHANNEL, msg('next'), root);
    view.refuseNext('chat.update', 'cant_update_message');
    await expect(slack.updateMessage(CHANNEL, root, msg('root v2'))).rejects.toMatchObject({
      code: 'cant_update_message',
    });
    expect(view.thread(CHANNEL, root)).toEqual(['next']);
    expect(view.text(CHANNEL, root)).toBe('root');
  });
}
