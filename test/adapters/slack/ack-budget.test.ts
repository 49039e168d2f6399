// Slack's 3 seconds with a slow Slack and a slow Redis at once: the user-group lookup (fake Slack holding
// usergroups.users.list) and the queueing (a real Redis whose writes are paused with CLIENT PAUSE) share one ack
// deadline, so the ack still arrives within 2.5 s, and the answer follows through response_url.
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack.js';
import { redisForFile } from '../../support/redis-for-file.js';
import { type BotWorld, SIGNING_SECRET, startBotWorld } from '../../support/service-world.js';
import { sendSlashCommand } from '../../support/slack-request.js';

const ACK_LIMIT_MS = 2500;

const redis = redisForFile();
let admin: Redis;
let slack: FakeSlack;
let world: BotWorld | undefined;

beforeAll(async () => {
  admin = new Redis(redis.url, { lazyConnect: true });
  await admin.connect();
});
afterAll(async () => {
  admin.disconnect();
});
afterEach(async () => {
  await admin.call('CLIENT', 'UNPAUSE');
  await world?.close();
  await slack?.close();
  world = undefined;
});

type Ack = { response_type?: string; text?: string };

/** The bot's connection and queue have talked to Redis once (so the pause meets commands, not a handshake). */
async function warm(bot: BotWorld): Promise<void> {
  await bot.parts.producer.ping();
  await bot.parts.collections.counts();
}

describe('the ack of /netcheck', () => {
  it('arrives within 2.5 s when the group lookup takes 1.2 s and Redis does not answer writes for 3 s', async () => {
    slack = await startFakeSlack();
    world = await startBotWorld(redis, { slack, access: { allowedGroups: ['S0SRE'] } });
    await warm(world);
    const responseUrl = slack.responseUrl('slow');
    slack.failNext('usergroups.users.list', { delayMs: 1200 });
    await admin.call('CLIENT', 'PAUSE', '3000', 'WRITE');
    const result = await sendSlashCommand(world.events, SIGNING_SECRET, {
      text: 'node-7',
      user_id: 'U0ALICE',
      response_url: responseUrl,
    });
    expect(result.status).toBe(200);
    expect(result.ms).toBeLessThan(ACK_LIMIT_MS);
    const ack = JSON.parse(result.body) as Ack;
    expect(ack.response_type).toBe('ephemeral');
    expect(ack.text).toContain('Working on a check of node-7');
    // The lookup really was slow: Slack answered it after the request had arrived.
    expect(slack.callsTo('usergroups.users.list')).toHaveLength(1);
    // The answer follows once Redis gives up or answers: a queued check or why it could not be queued.
    const [answer] = await slack.waitFor(() => slack.responses('slow').length > 0 && slack.responses('slow'), 15_000);
    expect(answer?.body).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(answer?.body)).toMatch(/Queued a check|Redis is unreachable/);
  });

  it('answers status within 2.5 s from a slow Slack and a paused Redis, the status following later', async () => {
    slack = await startFakeSlack();
    world = await startBotWorld(redis, { slack, access: { allowedGroups: ['S0SRE'] } });
    await warm(world);
    const responseUrl = slack.responseUrl('status');
    slack.failNext('usergroups.users.list', { delayMs: 1200 });
    await admin.call('CLIENT', 'PAUSE', '3000', 'ALL');
    const result = await sendSlashCommand(world.events, SIGNING_SECRET, {
      text: 'status',
      user_id: 'U0ALICE',
      response_url: responseUrl,
    });
    expect(result.status).toBe(200);
    expect(result.ms).toBeLessThan(ACK_LIMIT_MS);
    const ack = JSON.parse(result.body) as Ack;
    expect(ack.response_type).toBe('ephemeral');
    expect(ack.text).toContain('Working on netcheck status');
    const [answer] = await slack.waitFor(
      () => slack.responses('status').length > 0 && slack.responses('status'),
      15_000,
    );
    expect(JSON.stringify(answer?.body)).toMatch(/netcheck status|unavailable/);
  });
});
