// Socket Mode (SLACK_APP_TOKEN): the same handlers over the fake's WebSocket, the custom routes on PORT.
import { once } from 'node:events';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack.js';
import { redisForFile } from '../../support/redis-for-file.js';
import { type BotWorld, startBotWorld } from '../../support/service-world.js';
import { slashCommandEnvelope } from '../../support/slack-request.js';

const redis = redisForFile();
let slack: FakeSlack;
let world: BotWorld;
let port: number;

beforeAll(async () => {
  slack = await startFakeSlack();
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  port = (probe.address() as { port: number }).port;
  probe.close();
  await once(probe, 'close');
  world = await startBotWorld(redis, { slack, socketPort: port, access: { allowedUsers: ['U0BOB'] } });
});

afterAll(async () => {
  await world?.close();
  await slack?.close();
});

describe('Socket Mode', () => {
  it('acks /netcheck envelopes with ephemeral replies over the socket', async () => {
    await slack.socket.waitForConnection();
    const help = await slack.socketSend(slashCommandEnvelope({ text: 'help' }));
    expect(help.payload).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(help.payload)).toContain('/netcheck NODE');
    const refused = await slack.socketSend(slashCommandEnvelope({ text: 'node-7', user_id: 'U0ALICE' }));
    expect(JSON.stringify(refused.payload)).toContain('not allowed');
    const queued = await slack.socketSend(slashCommandEnvelope({ text: 'node-7', user_id: 'U0BOB', user_name: 'bob' }));
    expect(JSON.stringify(queued.payload)).toContain('Queued a check');
    expect(await world.parts.collections.counts()).toMatchObject({ waiting: 1 });
  });

  it('serves the health routes on PORT', async () => {
    await expect
      .poll(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.status, {
        timeout: 5000,
      })
      .toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
  });
});
