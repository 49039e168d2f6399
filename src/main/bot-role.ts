// The bot role: the Bolt app (Slack requests, POST /alertmanager, health, metrics) and the worker that turns queued
// Alertmanager deliveries into incident threads, on the service's parts (create-service-parts.ts).
import { createAlertmanagerRoute } from '../adapters/http/alertmanager-route.js';
import { healthRoutes } from '../adapters/http/health-routes.js';
import { createAlertProcessor } from '../adapters/queue/alert-processor.js';
import { createAlertWorker } from '../adapters/queue/alert-queue.js';
import { closeWorker } from '../adapters/queue/collect-worker.js';
import { pingRedis } from '../adapters/redis/redis-connection.js';
import { createBoltApp } from '../adapters/slack/bolt-app.js';
import type { BotIdentity } from '../adapters/slack/slack-identity.js';
import { createGroupMembership } from '../adapters/slack/user-groups.js';
import type { ServiceParts } from './create-service-parts.js';

export interface BotRole {
  port: number;
  /** Stops the HTTP server (or socket), then the alert worker (bounded). The parts close the alert queue. */
  close(timeoutMs: number): Promise<void>;
}

/** Starts the Bolt app on PORT and the alert worker. `identity`: the bot's ids from the start-up token check. */
export async function startBotRole(parts: ServiceParts, identity?: BotIdentity): Promise<BotRole> {
  const { config, store, thread, slack, collections: queue, registry } = parts;
  const logger = parts.logger.child({ role: 'bot' });
  if (!config.channel || !parts.alerts) throw new Error('the bot role needs NETCHECK_CHANNEL');
  const alertQueue = parts.alerts.queue;
  const alertWorker = createAlertWorker(
    parts.workerConnection,
    config.redis.prefix,
    createAlertProcessor(parts.alerts.delivery),
  );
  alertWorker.on('failed', (job, error) =>
    logger.warn({ job: job?.id, err: error, attempts: job?.attemptsMade }, 'alert delivery failed'),
  );
  const alertmanagerRoute = createAlertmanagerRoute({
    queue: alertQueue,
    cluster: config.cluster,
    auth: config.alertmanager,
    log: logger,
    registry,
  });
  let groups: (userId: string) => Promise<string[]> = async () => [];
  const bolt = createBoltApp({
    botToken: config.slack.botToken,
    ...(config.slack.signingSecret !== undefined ? { signingSecret: config.slack.signingSecret } : {}),
    ...(config.slack.appToken !== undefined ? { appToken: config.slack.appToken } : {}),
    replayGuard: parts.replayGuard,
    ...(identity ? { identity } : {}),
    apiUrl: config.slack.apiUrl,
    port: config.port,
    routes: [
      { path: '/alertmanager', method: ['POST', 'GET', 'PUT'], handler: alertmanagerRoute },
      ...healthRoutes({ ready: () => pingRedis(parts.producer, 1000), registry }),
    ],
    services: {
      logger,
      cluster: config.cluster,
      access: config.access,
      store,
      thread,
      slack,
      queue,
      memberGroups: (userId) => groups(userId),
      ...parts.alertmanager,
      now: () => parts.clock.now(),
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
    },
  };
}
