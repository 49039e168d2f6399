// The bot role: the Bolt app (Slack requests, POST /alertmanager, health, metrics) and the worker that turns queued
// Alertmanager deliveries into incident threads.
import type { Registry } from 'prom-client';
import { createSilence } from '../adapters/alertmanager/create-silence.js';
import { findAlerts } from '../adapters/alertmanager/find-alerts.js';
import { createAlertmanagerRoute } from '../adapters/http/alertmanager-route.js';
import { healthRoutes } from '../adapters/http/health-routes.js';
import { createAlertProcessor } from '../adapters/queue/alert-processor.js';
import { createAlertQueue, createAlertWorker } from '../adapters/queue/alert-queue.js';
import { closeWorker } from '../adapters/queue/collect-worker.js';
import { pingRedis, type RedisConnection } from '../adapters/redis/redis-connection.js';
import { isTransientRedisError } from '../adapters/redis/redis-errors.js';
import { createReplayGuard } from '../adapters/redis/replay-guard.js';
import { createBoltApp } from '../adapters/slack/bolt-app.js';
import type { BotIdentity } from '../adapters/slack/slack-identity.js';
import { createGroupMembership } from '../adapters/slack/user-groups.js';
import { createBotRequests } from '../app/bot-requests.js';
import type { Claims } from '../app/ports/claims.js';
import type { CollectionQueue } from '../app/ports/collection-queue.js';
import type { DeliveryStore } from '../app/ports/delivery-store.js';
import type { IncidentThread } from '../app/ports/incident-thread.js';
import type { SlackOut } from '../app/ports/slack-out.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';

export interface BotRoleDeps {
  producer: RedisConnection;
  workerConnection: RedisConnection;
  store: DeliveryStore;
  claims: Claims;
  thread: IncidentThread;
  slack: SlackOut;
  queue: CollectionQueue;
  registry: Registry;
  logger: Logger;
  /** The bot's ids from the start-up token check, when Slack answered it. */
  identity?: BotIdentity;
}

export interface BotRole {
  port: number;
  /** Stops the HTTP server (or socket), then the alert worker (bounded), then the alert queue. */
  close(timeoutMs: number): Promise<void>;
}

/** Starts the Bolt app on PORT and the alert worker. */
export async function startBotRole(config: Config, deps: BotRoleDeps): Promise<BotRole> {
  const logger = deps.logger.child({ role: 'bot' });
  const channel = config.channel;
  if (!channel) throw new Error('the bot role needs NETCHECK_CHANNEL');
  const duplicateWindowMs = config.duplicateWindowSeconds * 1000;
  const alertQueue = createAlertQueue(deps.producer, config.redis.prefix, { duplicateWindowMs });
  const alertWorker = createAlertWorker(
    deps.workerConnection,
    config.redis.prefix,
    createAlertProcessor({
      store: deps.store,
      thread: deps.thread,
      claims: deps.claims,
      collections: deps.queue,
      isTransient: isTransientRedisError,
      cluster: config.cluster,
      defaultChannel: channel,
      routes: config.routes,
      triageRules: config.triage.rules,
      triageMaxNodes: config.triage.maxNodes,
      duplicateWindowMs,
    }),
  );
  alertWorker.on('failed', (job, error) =>
    logger.warn({ job: job?.id, err: error, attempts: job?.attemptsMade }, 'alert delivery failed'),
  );
  const alertmanagerRoute = createAlertmanagerRoute({
    queue: alertQueue,
    cluster: config.cluster,
    auth: config.alertmanager,
    log: logger,
    registry: deps.registry,
  });
  let groups: (userId: string) => Promise<string[]> = async () => [];
  const amUrl = config.alertmanager.url;
  const bolt = createBoltApp({
    botToken: config.slack.botToken,
    ...(config.slack.signingSecret !== undefined ? { signingSecret: config.slack.signingSecret } : {}),
    ...(config.slack.appToken !== undefined ? { appToken: config.slack.appToken } : {}),
    replayGuard: createReplayGuard(deps.producer, config.redis.prefix),
    ...(deps.identity ? { identity: deps.identity } : {}),
    apiUrl: config.slack.apiUrl,
    port: config.port,
    routes: [
      { path: '/alertmanager', method: ['POST', 'GET', 'PUT'], handler: alertmanagerRoute },
      ...healthRoutes({ ready: () => pingRedis(deps.producer, 1000), registry: deps.registry }),
    ],
    services: {
      logger,
      cluster: config.cluster,
      access: config.access,
      store: deps.store,
      thread: deps.thread,
      slack: deps.slack,
      queue: deps.queue,
      ...createBotRequests({ store: deps.store, thread: deps.thread, queue: deps.queue }, config.cluster),
      memberGroups: (userId) => groups(userId),
      ...(amUrl !== undefined
        ? {
            createSilence: (silence) => createSilence(amUrl, silence),
            findAlerts: (matchers) => findAlerts(amUrl, matchers),
          }
        : {}),
      now: () => new Date(),
    },
  });
  groups = createGroupMembership({ client: bolt.app.client, groups: config.access.allowedGroups, logger });
  const port = await bolt.start();
  logger.info(
    { port, mode: config.slack.appToken ? 'socket' : 'http', cluster: config.cluster },
    config.slack.appToken
      ? 'Slack over Socket Mode; /alertmanager, /healthz, /readyz, /metrics on the port'
      : 'Slack requests at POST /slack/events; /alertmanager, /healthz, /readyz, /metrics on the same port',
  );
  return {
    port,
    async close(timeoutMs) {
      await bolt.stop().catch((error: unknown) => logger.warn({ err: error }, 'stopping the Slack app'));
      await closeWorker(alertWorker, timeoutMs);
      await alertQueue.close();
    },
  };
}
