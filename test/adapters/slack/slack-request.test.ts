// The signed-request helpers and the fake's Socket Mode against the real Bolt receivers: Slack's documented signing
// vector, a slash command / button / message shortcut over HTTP, forged and replayed requests refused, and the same
// slash command delivered over Socket Mode with its ack recorded.

import type { AddressInfo } from 'node:net';
import { App, type Logger, LogLevel, SocketModeReceiver } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack.js';
import {
  blockActions,
  messageShortcut,
  sendInteraction,
  sendSlashCommand,
  signSlackRequest,
  slashCommandEnvelope,
} from '../../support/slack-request.js';

const silent: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

describe('signSlackRequest', () => {
  it("matches the example of Slack's request-verification docs", () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(signSlackRequest('8f742231b10e8888abcd99yyyzzz85a5', body, 1531420618)).toEqual({
      timestamp: '1531420618',
      signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    });
  });
});

describe('signed requests to the Bolt HTTP receiver', () => {
  const secret = 'test-signing-secret';
  let slack: FakeSlack;
  let app: App;
  let url: string;
  const seen: Record<string, unknown>[] = [];

  beforeAll(async () => {
    slack = await startFakeSlack();
    app = new App({
      token: slack.token,
      signingSecret: secret,
      clientOptions: { slackApiUrl: slack.apiUrl },
      logger: silent,
    });
    app.command('/netcheck', async ({ ack, command }) => {
      seen.push({ kind: 'command', text: command.text, user: command.user_id, responseUrl: command.response_url });
      await ack({ response_type: 'ephemeral', text: `checking ${command.text}` });
    });
    app.action('rerun', async ({ ack, action, body }) => {
      await ack();
      seen.push({ kind: 'action', value: (action as { value?: string }).value, user: body.user.id });
    });
    app.shortcut('analyze_message', async ({ ack, shortcut }) => {
      await ack();
      seen.push({ kind: 'shortcut', text: (shortcut as { message: { text: string } }).message.text });
    });
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as { address(): AddressInfo };
    url = `http://127.0.0.1:${server.address().port}/slack/events`;
  });
  afterAll(async () => {
    await app.stop();
    await slack.close();
  });

  it('delivers a slash command and returns the ack body within the 3 s budget', async () => {
    const responseUrl = slack.responseUrl('cmd');
    const result = await sendSlashCommand(url, secret, { text: 'node-7', response_url: responseUrl });
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ response_type: 'ephemeral', text: 'checking node-7' });
    expect(result.ms).toBeLessThan(3000);
    expect(seen.at(-1)).toEqual({ kind: 'command', text: 'node-7', user: 'U0ALICE', responseUrl });
  });

  it('delivers a button click and a message shortcut', async () => {
    const click = blockActions(
      { actionId: 'rerun', value: 'node-7' },
      { ts: '1700000000.000100' },
      { userId: 'U0BOB' },
    );
    expect((await sendInteraction(url, secret, click)).status).toBe(200);
    expect(seen.at(-1)).toEqual({ kind: 'action', value: 'node-7', user: 'U0BOB' });
    const paste = messageShortcut('analyze_message', { text: 'nf_conntrack: table full', ts: '1700000000.000200' });
    expect((await sendInteraction(url, secret, paste)).status).toBe(200);
    expect(seen.at(-1)).toEqual({ kind: 'shortcut', text: 'nf_conntrack: table full' });
  });

  it('refuses a forged signature, a replayed old timestamp and an unsigned request', async () => {
    const before = seen.length;
    const forged = await sendSlashCommand(url, secret, { text: 'all' }, { forgeWithSecret: 'not-the-secret' });
    const replayed = await sendSlashCommand(url, secret, { text: 'all' }, { timestamp: Date.now() / 1000 - 600 });
    const unsigned = await sendSlashCommand(url, secret, { text: 'all' }, { unsigned: true });
    expect([forged.status, replayed.status, unsigned.status]).toEqual([401, 401, 401]);
    expect(seen).toHaveLength(before);
  });
});

describe('Socket Mode', () => {
  it('connects a real Bolt Socket Mode receiver and records its ack of a slash command', async () => {
    const slack = await startFakeSlack();
    const receiver = new SocketModeReceiver({
      appToken: slack.appToken,
      logger: silent,
      installerOptions: { clientOptions: { slackApiUrl: slack.apiUrl } },
    });
    const app = new App({ token: slack.token, receiver, clientOptions: { slackApiUrl: slack.apiUrl }, logger: silent });
    app.command('/netcheck', async ({ ack, command }) => {
      await ack({ text: `socket ${command.text}` });
    });
    try {
      await app.start();
      await slack.socket.waitForConnection();
      expect(slack.callsTo('apps.connections.open')).toHaveLength(1);
      const ack = await slack.socketSend(slashCommandEnvelope({ text: 'status' }));
      expect(ack.payload).toEqual({ text: 'socket status' });
      expect(ack.ms).toBeLessThan(3000);
    } finally {
      await app.stop();
      await slack.close();
    }
  });
});
