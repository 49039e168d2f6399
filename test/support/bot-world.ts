// The bot under test, built from the real adapters: a real Redis (store, claims, BullMQ queue), the fake Slack
// (through the real poster and the real Bolt HTTP receiver), and optionally the fake Alertmanager.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { createSilence } from '../../src/adapters/alertmanager/create-silence.js';
import { findAlerts } from '../../src/adapters/alertmanager/find-alerts.js';
import { healthRoutes } from '../../src/adapters/http/health-routes.js';
import { type CollectQueue, createCollectQueue } from '../../src/adapters/queue/collect-queue.js';
import { RedisClaims } from '../../src/adapters/redis/claims.js';
import { RedisIncidentStore } from '../../src/adapters/redis/incident-store.js';
import { createRedisConnection, pingRedis } from '../../src/adapters/redis/redis-connection.js';
import { createReplayGuard } from '../../src/adapters/redis/replay-guard.js';
import { RedisThreadLog } from '../../src/adapters/redis/thread-log.js';
import { type BoltApp, createBoltApp } from '../../src/adapters/slack/bolt-app.js';
import { checkBotToken } from '../../src/adapters/slack/slack-identity.js';
import { createSlackPoster, type SlackPoster } from '../../src/adapters/slack/slack-poster.js';
import { createGroupMembership } from '../../src/adapters/slack/user-groups.js';
import { createBotRequests } from '../../src/app/bot-requests.js';
import type { BotServices } from '../../src/app/ports/bot-services.js';
import { SlackIncidentThread } from '../../src/app/slack-incident-thread.js';
import type { AuthorizationPolicy } from '../../src/chatops/authorize.js';
import type { Incident } from '../../src/incident/incident.js';
import { createLogger } from '../../src/main/logger.js';
import type { FakeSlack } from './fake-slack.js';

export const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';

export interface BotWorld {
  url: string;
  events: string;
  prefix: string;
  services: BotServices;
  store: RedisIncidentStore;
  queue: CollectQueue;
  redis: Redis;
  logs: string[];
  /** Stores an alert incident and posts its root, as the alert processor would. */
  alertIncident(over?: Partial<Incident>): Promise<Incident>;
  close(): Promise<void>;
}

export interface BotWorldOptions {
  access?: Partial<AuthorizationPolicy>;
  alertmanagerUrl?: string;
  /** Socket Mode with the fake's app token; the routes listen on this port. */
  socketPort?: number;
  /** Redis key prefix; replicas of one bot share it. @defaultValue a fresh one */
  prefix?: string;
}

/** Starts the Bolt app on a free port against `slack` and the Redis at `redisUrl`. */
export async function startBotWorld(
  slack: FakeSlack,
  redisUrl: string,
  options: BotWorldOptions = {},
): Promise<BotWorld> {
  const prefix = options.prefix ?? `nc-bot-${randomUUID().slice(0, 8)}`;
  const logs: string[] = [];
  const logger = createLogger({
    level: 'debug',
    secrets: [slack.token, SIGNING_SECRET],
    destination: new Writable({
      write(chunk, _encoding, done) {
        logs.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    }),
  });
  const redis = createRedisConnection(redisUrl, { name: 'test-bot' });
  const poster: SlackPoster = createSlackPoster({
    token: slack.token,
    apiUrl: slack.apiUrl,
    perChannelPerSecond: 50,
    burst: 50,
  });
  const store = new RedisIncidentStore(redis, prefix);
  const thread = new SlackIncidentThread({
    slack: poster,
    store,
    claims: new RedisClaims(redis, prefix),
    log: new RedisThreadLog(redis, prefix),
  });
  const queue = createCollectQueue({ connection: redis, prefix });
  const access: AuthorizationPolicy = { allowedUsers: [], allowedGroups: [], allowedChannels: [], ...options.access };
  const registry = new Registry();
  let bolt: BoltApp | undefined;
  const services: BotServices = {
    logger,
    cluster: 'prod-eu-1',
    access,
    store,
    thread,
    slack: poster,
    queue,
    ...createBotRequests({ store, thread, queue }, 'prod-eu-1'),
    memberGroups: async (userId) => (bolt ? membership(userId) : []),
    ...(options.alertmanagerUrl !== undefined
      ? {
          createSilence: (silence) => createSilence(options.alertmanagerUrl as string, silence),
          findAlerts: (matchers) => findAlerts(options.alertmanagerUrl as string, matchers),
        }
      : {}),
    now: () => new Date(),
  };
  bolt = createBoltApp({
    botToken: slack.token,
    ...(options.socketPort !== undefined ? { appToken: slack.appToken } : { signingSecret: SIGNING_SECRET }),
    replayGuard: createReplayGuard(redis, prefix),
    identity: await checkBotToken(slack.token, slack.apiUrl, logger),
    apiUrl: slack.apiUrl,
    port: options.socketPort ?? 0,
    routes: healthRoutes({ ready: () => pingRedis(redis, 500), registry }),
    services,
  });
  const membership = createGroupMembership({ client: bolt.app.client, groups: access.allowedGroups, logger });
  const port = await bolt.start();
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    events: `${url}/slack/events`,
    prefix,
    services,
    store,
    queue,
    redis,
    logs,
    async alertIncident(over = {}) {
      const now = new Date().toISOString();
      const incident: Incident = {
        id: `inc-${randomUUID().slice(0, 12)}`,
        cluster: 'prod-eu-1',
        source: 'alert',
        groupKey: '{}:{alertname="NodeHighNumberConntrackEntriesUsed"}',
        title: 'NodeHighNumberConntrackEntriesUsed',
        status: 'firing',
        channel: 'C0INCIDENTS',
        createdAt: now,
        updatedAt: now,
        alerts: [
          {
            fingerprint: '4f6c2a1b9e0d7c33',
            alertname: 'NodeHighNumberConntrackEntriesUsed',
            status: 'firing',
            startsAt: now,
            node: 'node-7',
            severity: 'warning',
            summary: 'Number of conntrack are getting close to the limit.',
            labels: {
              alertname: 'NodeHighNumberConntrackEntriesUsed',
              instance: '10.0.1.7:9100',
              node: 'node-7',
              severity: 'warning',
            },
          },
        ],
        commonLabels: { alertname: 'NodeHighNumberConntrackEntriesUsed', severity: 'warning', node: 'node-7' },
        groupLabels: { alertname: 'NodeHighNumberConntrackEntriesUsed' },
        truncatedAlerts: 0,
        resends: 0,
        nodes: ['node-7'],
        checks: [],
        ...over,
      };
      await store.update(incident.id, () => incident);
      return thread.ensureRoot(incident);
    },
    async close() {
      await bolt?.stop().catch(() => {});
      await poster.close();
      await queue.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
