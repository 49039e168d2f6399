// Replayed and future-dated Slack requests: real signed requests to the real Bolt receiver (two replicas sharing a
// real Redis), the fake Slack and the fake Alertmanager. A replay within the window is acknowledged and runs nothing.

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { checkSlackSignature, replayMemorySeconds } from '../../../src/chatops/slack-signature.js';
import { ACTION, ANALYZE_SHORTCUT } from '../../../src/render/slack/action-ids.js';
import { type FakeAlertmanager, startFakeAlertmanager } from '../../support/fake-alertmanager.js';
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack.js';
import { redisForFile } from '../../support/redis-for-file.js';
import { type BotWorld, type BotWorldOptions, SIGNING_SECRET, startBotWorld } from '../../support/service-world.js';
import {
  blockActions,
  messageShortcut,
  sendSigned,
  signSlackRequest,
  slashCommand,
} from '../../support/slack-request.js';

const TABLE_FULL = readFileSync(
  new URL('../../fixtures/real/a-dmesg-table-full-k8s-18604/input.txt', import.meta.url),
  'utf8',
);

const redis = redisForFile();
let slack: FakeSlack;
let am: FakeAlertmanager | undefined;
const worlds: BotWorld[] = [];
afterEach(async () => {
  for (const world of worlds.splice(0)) await world.close();
  await slack?.close();
  await am?.close();
  am = undefined;
});

/** Two replicas of the bot (same Redis prefix) behind one fake Slack. */
async function replicas(options: BotWorldOptions = {}): Promise<[BotWorld, BotWorld]> {
  slack = await startFakeSlack();
  const prefix = `nc-replay-${randomUUID().slice(0, 8)}`;
  const a = await startBotWorld(redis, { slack, ...options, prefix });
  worlds.push(a);
  const b = await startBotWorld(redis, { slack, ...options, prefix });
  worlds.push(b);
  return [a, b];
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const interaction = (payload: Record<string, unknown>) => form({ payload: JSON.stringify(payload) });
const now = () => Math.floor(Date.now() / 1000);

describe('checkSlackSignature', () => {
  const body = 'command=%2Fnetcheck&text=node-7';
  const at = Date.parse('2026-12-07T12:00:00Z');
  const sign = (offsetSeconds: number) => signSlackRequest(SIGNING_SECRET, body, at / 1000 + offsetSeconds);
  const check = (signed: { timestamp: string; signature: string }, text = body) =>
    checkSlackSignature({ ...signed, body: text }, SIGNING_SECRET, at);

  it('accepts a signature up to 5 minutes away either way, refuses beyond, in the future too', () => {
    expect(check(sign(-300))).toMatchObject({ ok: true });
    expect(check(sign(300))).toMatchObject({ ok: true });
    expect(check(sign(-301))).toMatchObject({ ok: false, reason: expect.stringContaining('past') });
    expect(check(sign(301))).toMatchObject({ ok: false, reason: expect.stringContaining('future') });
  });

  it('refuses a changed body, another secret, a missing or malformed header', () => {
    expect(check(sign(0), `${body}&x=1`)).toMatchObject({ ok: false, reason: 'signature mismatch' });
    const forged = signSlackRequest('another-secret', body, at / 1000);
    expect(check(forged)).toMatchObject({ ok: false });
    expect(checkSlackSignature({ timestamp: undefined, signature: 'v0=00', body }, SIGNING_SECRET, at).ok).toBe(false);
    expect(check({ ...sign(0), signature: 'v1=abc' })).toMatchObject({ ok: false });
    expect(check({ ...sign(0), timestamp: '1e9' })).toMatchObject({ ok: false });
  });

  it('remembers a signature until its timestamp leaves the window, plus a minute of clock skew', () => {
    expect(replayMemorySeconds(at / 1000 + 300, at)).toBe(660);
    expect(replayMemorySeconds(at / 1000 - 300, at)).toBe(61);
  });
});

describe('a signed request sent again', () => {
  it('a replayed /netcheck, to either replica, is acked 200 with an empty body and runs nothing', async () => {
    const [a, b] = await replicas();
    const body = form({ ...slashCommand({ text: 'node-7', channel_id: 'C0NETOPS' }) });
    const timestamp = now();
    const first = await sendSigned(a.events, SIGNING_SECRET, body, { timestamp });
    expect(first.status).toBe(200);
    expect(first.body).toContain('Queued a check');
    await slack.waitFor(() => slack.messages('C0NETOPS').length === 1);
    for (const replica of [a, b, a]) {
      const replay = await sendSigned(replica.events, SIGNING_SECRET, body, { timestamp });
      expect(replay.status).toBe(200);
      expect(replay.body).toBe('');
    }
    expect(await a.parts.store.recent(10)).toHaveLength(1);
    expect(await a.parts.collections.counts()).toMatchObject({ waiting: 1 });
    expect(slack.messages('C0NETOPS')).toHaveLength(1);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(2); // the root and its "queued" entry, once
    expect([...a.logs, ...b.logs].join('\n')).toContain('replayed Slack request ignored');
    // The same command sent anew (a new timestamp, so a new signature) runs.
    const again = await sendSigned(b.events, SIGNING_SECRET, body, { timestamp: timestamp + 1 });
    expect(again.body).toContain('check');
  });

  it('a replayed Silence 1h press creates no second silence', async () => {
    am = await startFakeAlertmanager();
    const [a, b] = await replicas({ alertmanagerUrl: am.url });
    const incident = await a.alertIncident();
    const responseUrl = slack.responseUrl('silence');
    const body = interaction(
      blockActions({ actionId: ACTION.silence, value: incident.id }, { ts: incident.rootTs ?? '' }, { responseUrl }),
    );
    const timestamp = now();
    expect((await sendSigned(a.events, SIGNING_SECRET, body, { timestamp })).status).toBe(200);
    await slack.waitFor(() => slack.responses('silence').length === 1, 10_000);
    expect((await sendSigned(b.events, SIGNING_SECRET, body, { timestamp })).status).toBe(200);
    // Either the replay is recognised (logged), or it silences again (a second answer).
    await slack.waitFor(
      () =>
        b.logs.some((line) => line.includes('replayed Slack request ignored')) || slack.responses('silence').length > 1,
      10_000,
    );
    expect(am.silences).toHaveLength(1);
    expect(slack.responses('silence')).toHaveLength(1);
  });

  it('a replayed message shortcut posts its analysis once', async () => {
    const [a] = await replicas();
    const body = interaction(messageShortcut(ANALYZE_SHORTCUT, { text: TABLE_FULL, ts: '1700000000.000300' }));
    const timestamp = now();
    expect((await sendSigned(a.events, SIGNING_SECRET, body, { timestamp })).status).toBe(200);
    await slack.waitFor(() => slack.thread('C0INCIDENTS', '1700000000.000300').length === 1, 10_000);
    expect((await sendSigned(a.events, SIGNING_SECRET, body, { timestamp })).status).toBe(200);
    await slack.waitFor(
      () =>
        a.logs.some((line) => line.includes('replayed Slack request ignored')) ||
        slack.thread('C0INCIDENTS', '1700000000.000300').length > 1,
      10_000,
    );
    expect(slack.thread('C0INCIDENTS', '1700000000.000300')).toHaveLength(1);
  });
});

describe('a request timestamp in the future', () => {
  it('is refused with 401 beyond 5 minutes and runs nothing; within 5 minutes it runs', async () => {
    const [a] = await replicas();
    const late = form({ ...slashCommand({ text: 'node-7', channel_id: 'C0NETOPS' }) });
    const future = await sendSigned(a.events, SIGNING_SECRET, late, { timestamp: now() + 6 * 60 });
    expect(future.status).toBe(401);
    expect(await a.parts.collections.counts()).toMatchObject({ waiting: 0 });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
    expect(a.logs.join('\n')).toContain('in the future');
    const skewed = await sendSigned(a.events, SIGNING_SECRET, late, { timestamp: now() + 4 * 60 });
    expect(skewed.status).toBe(200);
    expect(skewed.body).toContain('Queued a check');
  });
});
