// The outbound limiter against the fake Slack: order under a 429 storm with Retry-After honoured, the per-channel
// bucket, workspace-wide pauses, retries of 5xx and timeouts, permanent errors not retried (logged once with the
// fix, counted), and the v2 upload into a thread.
import { Registry } from 'prom-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PosterLogger } from '../../../src/adapters/slack/slack-call-policy.js';
import { createSlackPoster, type SlackPosterOptions } from '../../../src/adapters/slack/slack-poster.js';
import { SlackPermanentError, SlackUnavailableError } from '../../../src/app/ports/slack-errors.js';
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack.js';

let slack: FakeSlack;
beforeAll(async () => {
  slack = await startFakeSlack();
});
afterAll(async () => {
  await slack.close();
});

interface LogLine {
  level: string;
  obj: object;
  msg: string;
}
let lines: LogLine[];
let registry: Registry;
beforeEach(() => {
  lines = [];
  registry = new Registry();
});

const logger: PosterLogger = {
  debug: (obj, msg) => lines.push({ level: 'debug', obj, msg }),
  warn: (obj, msg) => lines.push({ level: 'warn', obj, msg }),
  error: (obj, msg) => lines.push({ level: 'error', obj, msg }),
};

function poster(overrides: Partial<SlackPosterOptions> = {}) {
  return createSlackPoster({
    token: slack.token,
    apiUrl: slack.apiUrl,
    logger,
    metrics: registry,
    backoffBaseMs: 20,
    backoffCapMs: 200,
    ...overrides,
  });
}

async function metric(name: string, labels: Record<string, string>): Promise<number> {
  const found = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const values = (found?.values ?? []) as { value: number; labels: Record<string, string | number> }[];
  return values
    .filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))
    .reduce((sum, v) => sum + v.value, 0);
}

const msg = (text: string) => ({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });

describe('rate limits', () => {
  it('posts 20 thread messages exactly once and in order through a 429 storm, honouring Retry-After', async () => {
    const out = poster({ perChannelPerSecond: 50, burst: 50 });
    const { ts: root } = await out.postMessage('C0INCIDENTS', msg('storm root'));
    slack.rateLimit('chat.postMessage', 4, { perChannel: true });
    try {
      const started = Date.now();
      const texts = Array.from({ length: 20 }, (_, i) => `entry ${i}`);
      await Promise.all(texts.map((text) => out.postMessage('C0INCIDENTS', msg(text), root)));
      const elapsed = Date.now() - started;
      expect(slack.thread('C0INCIDENTS', root).map((m) => m.text)).toEqual(texts);
      const limited = slack.callsTo('chat.postMessage').filter((c) => c.status === 429);
      expect(limited.length).toBeGreaterThan(0);
      expect(slack.rateLimitViolations()).toEqual([]);
      expect(await metric('netcheck_slack_rate_limited_total', { method: 'chat.postMessage' })).toBe(limited.length);
      // 4 per second: the 20 replies cannot take less than ~4 s once 429s are honoured
      expect(elapsed).toBeGreaterThanOrEqual(3_900);
      console.info(`429 storm: 20 replies in ${elapsed} ms with ${limited.length} 429s waited out`);
    } finally {
      slack.clearRateLimit('chat.postMessage');
      await out.close();
    }
  });

  it('keeps to its own per-channel bucket: a burst, then one message per 1/perSecond', async () => {
    const out = poster({ perChannelPerSecond: 5, burst: 2 });
    const before = slack.callsTo('chat.postMessage').length;
    await Promise.all(Array.from({ length: 6 }, (_, i) => out.postMessage('C0NETOPS', msg(`bucket ${i}`))));
    const times = slack
      .callsTo('chat.postMessage')
      .slice(before)
      .map((c) => c.at);
    expect(times).toHaveLength(6);
    const span = (times.at(-1) ?? 0) - (times[0] ?? 0);
    expect(span).toBeGreaterThanOrEqual(4 * 200 - 30); // 2 at once, then 4 more at 200 ms intervals
    expect(span).toBeLessThan(2_000);
    await out.close();
  });

  it('treats 429s on two channels at once as the workspace limit and pauses every channel', async () => {
    slack.workspace.channels.set('C0THIRD', { id: 'C0THIRD', name: 'third' });
    const out = poster({ perChannelPerSecond: 50, burst: 50 });
    slack.rateLimit('chat.postMessage', 3);
    try {
      const channels = ['C0INCIDENTS', 'C0NETOPS'];
      const since = Date.now();
      const jobs = channels.flatMap((channel) =>
        Array.from({ length: 4 }, (_, i) => out.postMessage(channel, msg(`ws ${channel} ${i}`))),
      );
      const limitedOn = (channel: string) =>
        slack.calls.some((c) => c.at >= since && c.status === 429 && c.args.channel === channel);
      await slack.waitFor(() => channels.every(limitedOn));
      // a channel that was quiet until now must wait out the workspace pause too
      await new Promise((resolve) => setTimeout(resolve, 200));
      jobs.push(out.postMessage('C0THIRD', msg('ws third')));
      await Promise.all(jobs);
      expect(slack.rateLimitViolations()).toEqual([]);
      expect(await metric('netcheck_slack_rate_limited_total', { scope: 'workspace' })).toBeGreaterThan(0);
      for (const channel of channels) {
        const texts = slack
          .messages(channel)
          .map((m) => m.text)
          .filter((t) => t.startsWith('ws '));
        expect(texts).toEqual([0, 1, 2, 3].map((i) => `ws ${channel} ${i}`));
      }
    } finally {
      slack.clearRateLimit('chat.postMessage');
      await out.close();
    }
  });
});

describe('retries', () => {
  it('retries a 500 and keeps the thread order behind it', async () => {
    const out = poster({ perChannelPerSecond: 20 });
    const { ts: root } = await out.postMessage('C0NETOPS', msg('retry root'));
    slack.failNext('chat.postMessage', { status: 500 });
    await Promise.all(['a', 'b', 'c'].map((text) => out.postMessage('C0NETOPS', msg(text), root)));
    expect(slack.thread('C0NETOPS', root).map((m) => m.text)).toEqual(['a', 'b', 'c']);
    expect(await metric('netcheck_slack_retries_total', { method: 'chat.postMessage', reason: 'http_5xx' })).toBe(1);
    await out.close();
  });

  it('retries a timeout, posting once', async () => {
    const out = poster({ timeoutMs: 200 });
    slack.failNext('chat.postMessage', { delayMs: 600 });
    const { ts } = await out.postMessage('C0NETOPS', msg('after a timeout'));
    expect(slack.messages('C0NETOPS').filter((m) => m.text === 'after a timeout')).toHaveLength(1);
    expect(slack.messages('C0NETOPS').find((m) => m.ts === ts)?.text).toBe('after a timeout');
    expect(await metric('netcheck_slack_retries_total', { reason: 'timeout' })).toBe(1);
    await out.close();
  });

  it('gives up after maxAttempts transient failures with SlackUnavailableError', async () => {
    const out = poster({ maxAttempts: 3, perChannelPerSecond: 20 });
    slack.failNext('chat.update', { status: 503, times: 3 });
    const { ts } = await out.postMessage('C0NETOPS', msg('to update'));
    const error = await out.updateMessage('C0NETOPS', ts, msg('updated')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlackUnavailableError);
    expect(slack.callsTo('chat.update').filter((c) => c.args.ts === ts)).toHaveLength(3);
    expect(await metric('netcheck_slack_errors_total', { method: 'chat.update', error: 'http_5xx' })).toBe(1);
    await out.close();
  });
});

describe('permanent errors', () => {
  it('does not retry channel_not_found: one call, the fix in the error, counted, logged once', async () => {
    const out = poster();
    const before = slack.callsTo('chat.postMessage').length;
    const first = await out.postMessage('C0GONE', msg('x')).catch((e: unknown) => e);
    const second = await out.postMessage('C0GONE', msg('y')).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(SlackPermanentError);
    expect(first).toMatchObject({ name: 'SlackPermanentError', code: 'channel_not_found', channel: 'C0GONE' });
    expect((first as SlackPermanentError).fix).toMatch(/channel id/);
    expect(second).toMatchObject({ code: 'channel_not_found' });
    expect(slack.callsTo('chat.postMessage').length - before).toBe(2);
    expect(
      await metric('netcheck_slack_errors_total', { method: 'chat.postMessage', error: 'channel_not_found' }),
    ).toBe(2);
    expect(lines.filter((l) => l.level === 'error')).toHaveLength(1);
    await out.close();
  });

  it('explains not_in_channel with the invite command', async () => {
    const out = poster();
    const error = await out.postMessage('C0NOTINVITED', msg('x')).catch((e: unknown) => e);
    expect((error as SlackPermanentError).fix).toContain('/invite @netcheck');
    await out.close();
  });

  it('reports invalid_auth with the token variable to check, and never logs the token', async () => {
    const secretToken = 'xoxb-9999-wrong-secret-token';
    const out = poster({ token: secretToken });
    const error = await out.postMessage('C0INCIDENTS', msg('x')).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_auth' });
    expect((error as SlackPermanentError).fix).toContain('SLACK_BOT_TOKEN');
    expect(JSON.stringify(lines)).not.toContain(secretToken);
    expect(String((error as Error).message)).not.toContain(secretToken);
    await out.close();
  });
});

describe('messages and files', () => {
  it('posts without link_names and with unfurls off', async () => {
    const out = poster();
    await out.postMessage('C0NETOPS', msg('plain'));
    const call = slack.callsTo('chat.postMessage').at(-1);
    expect(call?.args).toMatchObject({ unfurl_links: 'false', unfurl_media: 'false' });
    expect(call?.args).not.toHaveProperty('link_names');
    await out.close();
  });

  it('uploads with the v2 flow into the thread, bytes intact, retrying only the failed step', async () => {
    const out = poster();
    const { ts: root } = await out.postMessage('C0INCIDENTS', msg('upload root'));
    const content = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    const urlsBefore = slack.callsTo('files.getUploadURLExternal').length;
    slack.failNext('files.completeUploadExternal', { status: 503 });
    await out.uploadFile('C0INCIDENTS', root, { filename: 'chart.png', title: 'conntrack, 1h', content, comment: 'c' });
    const file = slack.files().at(-1);
    expect(file).toMatchObject({ filename: 'chart.png', title: 'conntrack, 1h', completed: true, threadTs: root });
    expect(file?.bytes?.equals(content)).toBe(true);
    expect(slack.thread('C0INCIDENTS', root).at(-1)?.files?.[0]?.id).toBe(file?.id);
    expect(slack.callsTo('files.getUploadURLExternal').length - urlsBefore).toBe(1);
    expect(slack.callsTo('upload').at(-1)?.headers.authorization).toBeUndefined();
    expect(slack.callsTo('files.upload')).toHaveLength(0);
    await out.close();
  });

  it('updates the root in place and sends ephemerals', async () => {
    const out = poster();
    const { ts } = await out.postMessage('C0INCIDENTS', msg('firing'));
    await out.updateMessage('C0INCIDENTS', ts, msg('resolved'));
    await out.postEphemeral('C0INCIDENTS', 'U0ALICE', msg('results will appear in the thread'));
    expect(slack.messages('C0INCIDENTS').find((m) => m.ts === ts)).toMatchObject({ text: 'resolved', edits: 1 });
    expect(slack.ephemerals('C0INCIDENTS').at(-1)).toMatchObject({ user: 'U0ALICE' });
    await out.close();
    await expect(out.postMessage('C0INCIDENTS', msg('late'))).rejects.toThrow(/closed/);
  });
});
