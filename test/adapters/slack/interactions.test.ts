// The message shortcut and the buttons, as signed interaction payloads to the real Bolt receiver; the health routes.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION, ANALYZE_SHORTCUT } from '../../../src/render/slack/action-ids.js';
import { type FakeAlertmanager, startFakeAlertmanager } from '../../support/fake-alertmanager.js';
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack.js';
import { redisForFile } from '../../support/redis-for-file.js';
import { type BotWorld, type BotWorldOptions, SIGNING_SECRET, startBotWorld } from '../../support/service-world.js';
import { blockActions, messageShortcut, sendInteraction } from '../../support/slack-request.js';

const TABLE_FULL = readFileSync(
  new URL('../../fixtures/real/a-dmesg-table-full-k8s-18604/input.txt', import.meta.url),
  'utf8',
);

const redis = redisForFile();
let slack: FakeSlack;
let am: FakeAlertmanager | undefined;
let world: BotWorld | undefined;
afterEach(async () => {
  await world?.close();
  await slack?.close();
  await am?.close();
  world = undefined;
  am = undefined;
});

async function start(options: BotWorldOptions = {}): Promise<BotWorld> {
  slack = await startFakeSlack();
  world = await startBotWorld(redis, { slack, ...options });
  return world;
}

const texts = (blocks: unknown): string => JSON.stringify(blocks ?? []);

describe('Analyze with netcheck', () => {
  it('replies in the message thread with the findings of a real pasted output', async () => {
    const bot = await start();
    const payload = messageShortcut(ANALYZE_SHORTCUT, { text: TABLE_FULL, ts: '1700000000.000100' });
    const result = await sendInteraction(bot.events, SIGNING_SECRET, payload);
    expect(result.status).toBe(200);
    expect(result.ms).toBeLessThan(3000);
    const [reply] = await slack.waitFor(() => {
      const thread = slack.thread('C0INCIDENTS', '1700000000.000100');
      return thread.length > 0 && thread;
    });
    expect(texts(reply?.blocks)).toContain('conntrack');
    expect(reply?.text).toMatch(/critical/i);
  });

  it('answers ephemerally through response_url, with the fix, when it may not post in the channel', async () => {
    const bot = await start();
    const responseUrl = slack.responseUrl('shortcut-1');
    const payload = messageShortcut(
      ANALYZE_SHORTCUT,
      { text: TABLE_FULL, ts: '1700000000.000200' },
      { channelId: 'C0NOTINVITED', responseUrl },
    );
    expect((await sendInteraction(bot.events, SIGNING_SECRET, payload)).status).toBe(200);
    const [response] = await slack.waitFor(
      () => slack.responses('shortcut-1').length > 0 && slack.responses('shortcut-1'),
    );
    const body = JSON.stringify(response);
    expect(body).toContain('ephemeral');
    expect(body).toContain('/invite @netcheck');
    expect(body).toContain('not_in_channel');
    expect(body).toMatch(/table full|conntrack/i);
  });

  it('refuses a user or a channel the allow lists leave out, and posts nothing', async () => {
    const bot = await start({ access: { allowedUsers: ['U0BOB'], allowedChannels: ['C0INCIDENTS'] } });
    const refusedUrl = slack.responseUrl('shortcut-refused');
    const payload = messageShortcut(
      ANALYZE_SHORTCUT,
      { text: TABLE_FULL, ts: '1700000000.000400' },
      { userId: 'U0MALLORY', userName: 'mallory', responseUrl: refusedUrl },
    );
    expect((await sendInteraction(bot.events, SIGNING_SECRET, payload)).status).toBe(200);
    // The refusal, or (wrongly) the analysis posted in the thread, whichever comes first.
    await slack.waitFor(
      () => slack.responses('shortcut-refused').length > 0 || slack.callsTo('chat.postMessage').length > 0,
    );
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
    const [refused] = slack.responses('shortcut-refused');
    expect(JSON.stringify(refused)).toContain('not allowed to analyse messages with netcheck');
    const otherUrl = slack.responseUrl('shortcut-channel');
    const elsewhere = messageShortcut(
      ANALYZE_SHORTCUT,
      { text: TABLE_FULL, ts: '1700000000.000500' },
      { userId: 'U0BOB', userName: 'bob', channelId: 'C0NETOPS', responseUrl: otherUrl },
    );
    await sendInteraction(bot.events, SIGNING_SECRET, elsewhere);
    const [channel] = await slack.waitFor(
      () => slack.responses('shortcut-channel').length > 0 && slack.responses('shortcut-channel'),
    );
    expect(JSON.stringify(channel)).toContain('does not analyse messages from this channel');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
  });
});

describe('buttons', () => {
  it('Silence 1h creates an Alertmanager silence, records it and updates the root', async () => {
    am = await startFakeAlertmanager();
    const bot = await start({ alertmanagerUrl: am.url });
    const incident = await bot.alertIncident();
    const responseUrl = slack.responseUrl('silence');
    const payload = blockActions(
      { actionId: ACTION.silence, value: incident.id },
      { ts: incident.rootTs ?? '' },
      { responseUrl },
    );
    const result = await sendInteraction(bot.events, SIGNING_SECRET, payload);
    expect(result.status).toBe(200);
    expect(result.ms).toBeLessThan(3000);
    await slack.waitFor(() => slack.responses('silence').length > 0);
    expect(am.silences).toHaveLength(1);
    const [silence] = am.silences;
    expect(silence).toMatchObject({
      createdBy: 'alice',
      matchers: [
        { name: 'alertname', value: 'NodeHighNumberConntrackEntriesUsed', isRegex: false, isEqual: true },
        { name: 'instance', value: '10.0.1.7:9100', isRegex: false, isEqual: true },
        { name: 'node', value: 'node-7', isRegex: false, isEqual: true },
        { name: 'severity', value: 'warning', isRegex: false, isEqual: true },
      ],
    });
    expect(silence?.comment).toContain(incident.id);
    const stored = await bot.parts.store.get(incident.id);
    expect(stored?.silence).toMatchObject({ id: silence?.id, by: { userId: 'U0ALICE' } });
    const thread = slack.thread('C0INCIDENTS', incident.rootTs ?? '');
    expect(thread.map((m) => m.text).join('\n')).toMatch(/silenc/i);
    expect(slack.callsTo('chat.update').length).toBeGreaterThan(0);
    expect(JSON.stringify(slack.responses('silence'))).toContain(silence?.id ?? '?');
  });

  it('Silence 1h without ALERTMANAGER_URL explains, and creates nothing', async () => {
    const bot = await start();
    const incident = await bot.alertIncident();
    const responseUrl = slack.responseUrl('no-am');
    await sendInteraction(
      bot.events,
      SIGNING_SECRET,
      blockActions({ actionId: ACTION.silence, value: incident.id }, { ts: incident.rootTs ?? '' }, { responseUrl }),
    );
    const [response] = await slack.waitFor(() => slack.responses('no-am').length > 0 && slack.responses('no-am'));
    expect(JSON.stringify(response)).toContain('ALERTMANAGER_URL');
    expect((await bot.parts.store.get(incident.id))?.silence).toBeUndefined();
  });

  it('Re-run queues the incident nodes into its thread; refused users are told why', async () => {
    const bot = await start({ access: { allowedUsers: ['U0ALICE'] } });
    const incident = await bot.alertIncident();
    const responseUrl = slack.responseUrl('rerun');
    await sendInteraction(
      bot.events,
      SIGNING_SECRET,
      blockActions({ actionId: ACTION.rerun, value: incident.id }, { ts: incident.rootTs ?? '' }, { responseUrl }),
    );
    const [response] = await slack.waitFor(() => slack.responses('rerun').length > 0 && slack.responses('rerun'));
    expect(JSON.stringify(response)).toContain('Queued a check');
    expect(await bot.parts.collections.counts()).toMatchObject({ waiting: 1 });
    const thread = slack.thread('C0INCIDENTS', incident.rootTs ?? '');
    expect(thread.map((m) => m.text).join('\n')).toContain('alice');

    const refusedUrl = slack.responseUrl('mallory');
    await sendInteraction(
      bot.events,
      SIGNING_SECRET,
      blockActions(
        { actionId: ACTION.checkAll, value: incident.id },
        { ts: incident.rootTs ?? '' },
        { userId: 'U0MALLORY', userName: 'mallory', responseUrl: refusedUrl },
      ),
    );
    const [refused] = await slack.waitFor(() => slack.responses('mallory').length > 0 && slack.responses('mallory'));
    expect(JSON.stringify(refused)).toContain('not allowed');
    expect(await bot.parts.collections.sweep.getJobCounts('waiting')).toMatchObject({ waiting: 0 });
  });

  it('Check all nodes queues a sweep into the incident thread', async () => {
    const bot = await start();
    const incident = await bot.alertIncident();
    const responseUrl = slack.responseUrl('all');
    await sendInteraction(
      bot.events,
      SIGNING_SECRET,
      blockActions({ actionId: ACTION.checkAll, value: incident.id }, { ts: incident.rootTs ?? '' }, { responseUrl }),
    );
    await slack.waitFor(() => slack.responses('all').length > 0);
    expect(await bot.parts.collections.sweep.getJobCounts('waiting')).toMatchObject({ waiting: 1 });
  });
});

describe('health routes', () => {
  it('/healthz answers, /readyz follows Redis, /metrics serves the registry', async () => {
    const bot = await start();
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${bot.url}/readyz`)).status).toBe(200);
    const metrics = await fetch(`${bot.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    await redis.stop();
    try {
      const down = await fetch(`${bot.url}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.text()).toContain('Redis');
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    } finally {
      await redis.start();
    }
    await expect.poll(async () => (await fetch(`${bot.url}/readyz`)).status, { timeout: 10_000 }).toBe(200);
  });
});
