// The fake Slack behaves like Slack for the real @slack/web-api client: tokens, ts values, threads, updates,
// Block Kit limits, upload v2, lookups, response_url limits and injected failures.
import { ErrorCode, type Logger, LogLevel, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack.js';

let slack: FakeSlack;
let web: WebClient;

const silent: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};
const quiet = { retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logger: silent } as const;

beforeAll(async () => {
  slack = await startFakeSlack();
  web = new WebClient(slack.token, { slackApiUrl: slack.apiUrl, ...quiet });
});
afterAll(async () => {
  await slack.close();
});

async function platformError(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    const coded = error as { code?: string; data?: { error?: string } };
    if (coded.code === ErrorCode.PlatformError) return coded.data?.error ?? '';
    throw error;
  }
  throw new Error('expected a platform error');
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('tokens', () => {
  it('answers invalid_auth for a wrong token and not_authed without one, with HTTP 200', async () => {
    const wrong = new WebClient('xoxb-wrong', { slackApiUrl: slack.apiUrl, ...quiet });
    expect(await platformError(wrong.auth.test())).toBe('invalid_auth');
    const response = await fetch(`${slack.apiUrl}auth.test`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: false, error: 'not_authed' });
    const auth = await web.auth.test();
    expect(auth).toMatchObject({ ok: true, team_id: 'T0NETCHECK', user_id: 'U0NETCHECK', bot_id: 'B0NETCHECK' });
  });

  it('refuses the app token for chat methods and the bot token for apps.connections.open', async () => {
    const app = new WebClient(slack.appToken, { slackApiUrl: slack.apiUrl, ...quiet });
    expect(await platformError(app.chat.postMessage({ channel: 'C0INCIDENTS', text: 'x' }))).toBe(
      'not_allowed_token_type',
    );
    expect(await platformError(web.apps.connections.open({}))).toBe('not_allowed_token_type');
    const open = await app.apps.connections.open({});
    expect(open.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=/);
  });
});

describe('messages', () => {
  it('posts with strictly increasing ts, threads replies, and keeps the latest state after chat.update', async () => {
    const root = await web.chat.postMessage({ channel: 'C0INCIDENTS', text: 'root', blocks: [section('*root*')] });
    expect(root).toMatchObject({ ok: true, channel: 'C0INCIDENTS' });
    expect(root.ts).toMatch(/^\d{10}\.\d{6}$/);
    const replies: string[] = [];
    for (const text of ['one', 'two', 'three']) {
      const reply = await web.chat.postMessage({ channel: 'C0INCIDENTS', text, thread_ts: root.ts as string });
      replies.push(reply.ts as string);
    }
    const sorted = [...replies].sort((a, b) => Number(a) - Number(b));
    expect(new Set(replies).size).toBe(3);
    expect(replies).toEqual(sorted);
    expect(Number(replies[0])).toBeGreaterThan(Number(root.ts));
    // a reply to a reply lands in the parent's thread
    await web.chat.postMessage({ channel: 'C0INCIDENTS', text: 'four', thread_ts: replies[1] as string });
    expect(slack.thread('C0INCIDENTS', root.ts as string).map((m) => m.text)).toEqual(['one', 'two', 'three', 'four']);

    await web.chat.update({ channel: 'C0INCIDENTS', ts: root.ts as string, text: 'resolved', blocks: [section('ok')] });
    const top = slack.messages('C0INCIDENTS').find((m) => m.ts === root.ts);
    expect(top).toMatchObject({ text: 'resolved', edits: 1, blocks: [section('ok')] });
    expect(await platformError(web.chat.update({ channel: 'C0INCIDENTS', ts: '1.000001', text: 'x' }))).toBe(
      'message_not_found',
    );
  });

  it('decodes form bodies with blocks as a JSON string and JSON bodies alike', async () => {
    const call = await web.chat.postMessage({ channel: 'C0NETOPS', text: 'form', blocks: [section('a')] });
    const recorded = slack.calls.find((c) => c.method === 'chat.postMessage' && c.args.text === 'form');
    expect(recorded?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(typeof recorded?.args.blocks).toBe('string');
    const response = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${slack.token}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: 'C0NETOPS', text: 'json', blocks: [section('b')], thread_ts: call.ts }),
    });
    expect(await response.json()).toMatchObject({ ok: true, channel: 'C0NETOPS' });
    expect(slack.thread('C0NETOPS', call.ts as string)[0]?.blocks).toEqual([section('b')]);
  });

  it('rejects unknown, uninvited and archived channels like Slack', async () => {
    expect(await platformError(web.chat.postMessage({ channel: 'C0NOPE', text: 'x' }))).toBe('channel_not_found');
    expect(await platformError(web.chat.postMessage({ channel: 'C0NOTINVITED', text: 'x' }))).toBe('not_in_channel');
    expect(await platformError(web.chat.postMessage({ channel: 'C0ARCHIVED', text: 'x' }))).toBe('is_archived');
  });

  it('enforces Block Kit limits: 50 blocks, 3000-char sections, 150-char headers, the total, and no_text', async () => {
    const post = (blocks: unknown[], text = 'fallback') =>
      platformError(web.chat.postMessage({ channel: 'C0INCIDENTS', text, blocks: blocks as never }));
    expect(await post(Array.from({ length: 51 }, () => ({ type: 'divider' })))).toBe('invalid_blocks');
    expect(await post([section('x'.repeat(3001))])).toBe('invalid_blocks');
    expect(await post([{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }])).toBe(
      'invalid_blocks',
    );
    expect(await post(Array.from({ length: 5 }, () => section('y'.repeat(2900))))).toBe('msg_blocks_too_long');
    expect(await platformError(web.chat.postMessage({ channel: 'C0INCIDENTS', text: '' }))).toBe('no_text');
    // exactly at the limits is fine
    const ok = await web.chat.postMessage({
      channel: 'C0INCIDENTS',
      text: 'limits',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(150) } },
        section('x'.repeat(3000)),
        ...Array.from({ length: 48 }, () => ({ type: 'divider' })),
      ],
    });
    expect(ok.ok).toBe(true);
  });

  it('records mentions that would notify people', async () => {
    const before = slack.mentions().length;
    await web.chat.postMessage({ channel: 'C0NETOPS', text: 'safe &lt;!channel&gt; text' });
    expect(slack.mentions()).toHaveLength(before);
    await web.chat.postMessage({ channel: 'C0NETOPS', text: 'ping <!channel>', blocks: [section('<@U0BOB>')] });
    expect(
      slack
        .mentions()
        .slice(before)
        .map((m) => m.mention),
    ).toEqual(['<!channel>', '<@U0BOB>']);
  });

  it('stores ephemerals apart from the channel', async () => {
    const before = slack.messages('C0NETOPS').length;
    const result = await web.chat.postEphemeral({ channel: 'C0NETOPS', user: 'U0BOB', text: 'only you' });
    expect(result.message_ts).toBeTruthy();
    expect(slack.ephemerals('C0NETOPS').at(-1)).toMatchObject({ user: 'U0BOB', text: 'only you' });
    expect(slack.messages('C0NETOPS')).toHaveLength(before);
  });
});

describe('lookups', () => {
  it('answers users.info, usergroups.users.list and conversations.info', async () => {
    expect((await web.users.info({ user: 'U0ALICE' })).user).toMatchObject({ id: 'U0ALICE', name: 'alice' });
    expect(await platformError(web.users.info({ user: 'U0NOBODY' }))).toBe('user_not_found');
    expect((await web.usergroups.users.list({ usergroup: 'S0SRE' })).users).toEqual(['U0ALICE']);
    expect(await platformError(web.usergroups.users.list({ usergroup: 'S0NONE' }))).toBe('no_such_subteam');
    expect((await web.conversations.info({ channel: 'C0NETOPS' })).channel).toMatchObject({ is_member: true });
  });
});

describe('file upload v2', () => {
  it('stores the bytes sent by filesUploadV2 and shares the file into the thread', async () => {
    const root = await web.chat.postMessage({ channel: 'C0INCIDENTS', text: 'files here' });
    const bytes = Buffer.from('conntrack -S\ncpu=0 found=1 invalid=3 insert_failed=7\n');
    const result = await web.filesUploadV2({
      channel_id: 'C0INCIDENTS',
      thread_ts: root.ts as string,
      filename: 'report.txt',
      title: 'Full report',
      initial_comment: 'raw evidence',
      file: bytes,
    });
    expect(result.ok).toBe(true);
    const file = slack.files().at(-1);
    expect(file).toMatchObject({
      filename: 'report.txt',
      title: 'Full report',
      completed: true,
      encoding: 'multipart',
    });
    expect(file?.bytes?.equals(bytes)).toBe(true);
    const reply = slack.thread('C0INCIDENTS', root.ts as string).at(-1);
    expect(reply).toMatchObject({ text: 'raw evidence', files: [{ id: file?.id, title: 'Full report' }] });
    expect(slack.callsTo('files.upload')).toHaveLength(0);
  });

  it('accepts raw bytes on the upload URL and refuses to complete a file never uploaded', async () => {
    const url = await web.files.getUploadURLExternal({ filename: 'a.png', length: 4 });
    const missing = await platformError(
      web.files.completeUploadExternal({ files: [{ id: url.file_id as string }], channel_id: 'C0INCIDENTS' }),
    );
    expect(missing).toBe('file_not_found');
    const upload = await fetch(url.upload_url as string, { method: 'POST', body: new Uint8Array([1, 2, 3, 4]) });
    expect(upload.status).toBe(200);
    await web.files.completeUploadExternal({ files: [{ id: url.file_id as string, title: 'chart' }] });
    expect(slack.files().find((f) => f.id === url.file_id)).toMatchObject({ encoding: 'raw', completed: true });
  });
});

describe('response_url', () => {
  it('accepts five posts, then answers 404 used_url', async () => {
    const url = slack.responseUrl('cmd-1');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', text: `update ${i}` }),
      });
      statuses.push(response.status);
      if (i === 5) expect(await response.text()).toBe('used_url');
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
    expect(slack.responses('cmd-1').map((r) => r.body.text)).toContain('update 4');
  });
});

describe('failure injection', () => {
  it('answers queued failures in order, then normally', async () => {
    slack.failNext('users.info', { status: 429, retryAfter: 2 });
    slack.failNext('users.info', { status: 503 });
    slack.failNext('users.info', { error: 'fatal_error', times: 2 });
    const errors: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      try {
        await web.users.info({ user: 'U0BOB' });
      } catch (error) {
        const e = error as { code: string; retryAfter?: number; statusCode?: number; data?: { error: string } };
        errors.push(e.retryAfter === undefined ? String(e.statusCode ?? e.data?.error) : `429:${e.retryAfter}`);
      }
    }
    expect(errors).toEqual(['429:2', '503', 'fatal_error', 'fatal_error']);
    expect((await web.users.info({ user: 'U0BOB' })).ok).toBe(true);
  });

  it('rate-limits per channel with Retry-After and records calls that ignore it', async () => {
    slack.rateLimit('chat.postMessage', 2, { perChannel: true });
    try {
      const results: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        try {
          await web.chat.postMessage({ channel: 'C0NETOPS', text: `burst ${i}` });
          results.push('ok');
        } catch (error) {
          results.push(`429:${(error as { retryAfter: number }).retryAfter}`);
        }
      }
      expect(results).toEqual(['ok', 'ok', '429:1']);
      // another channel has its own budget
      expect((await web.chat.postMessage({ channel: 'C0INCIDENTS', text: 'other' })).ok).toBe(true);
      // within 100 ms of a 429 a call may have been in flight already; later ones ignore Retry-After
      await new Promise((resolve) => setTimeout(resolve, 150));
      const early = await web.chat.postMessage({ channel: 'C0NETOPS', text: 'too soon' }).catch(() => 'limited');
      expect(early).toBe('limited');
      expect(slack.rateLimitViolations().length).toBeGreaterThan(0);
    } finally {
      slack.clearRateLimit('chat.postMessage');
    }
  });

  it('delays a call; a client that gives up leaves nothing posted', async () => {
    slack.failNext('chat.postMessage', { delayMs: 600 });
    const impatient = new WebClient(slack.token, { slackApiUrl: slack.apiUrl, timeout: 150, ...quiet });
    const error = await impatient.chat.postMessage({ channel: 'C0NETOPS', text: 'slow' }).catch((e: unknown) => e);
    expect((error as { code: string }).code).toBe(ErrorCode.RequestError);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(slack.messages('C0NETOPS').some((m) => m.text === 'slow')).toBe(false);
  });
});
