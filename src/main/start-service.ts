// `netcheck serve`: config → logger → the Slack token check → the service's parts (create-service-parts.ts) → workers
// → Bolt, by role; and the reverse on SIGTERM. See docs/slack-bot.md for the roles and variables.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { healthRoutes } from '../adapters/http/health-routes.js';
import { pingRedis } from '../adapters/redis/redis-connection.js';
import { type BotIdentity, checkAppToken, checkBotToken, SlackTokenRefused } from '../adapters/slack/slack-identity.js';
import { type BotRole, startBotRole } from './bot-role.js';
import type { Config } from './config.js';
import { ConfigError } from './config-error.js';
import { createServiceParts, type ServicePartsOptions } from './create-service-parts.js';
import type { Logger } from './logger.js';
import { startWorkerRole, type WorkerRole } from './worker-role.js';

export interface RunningService {
  /** The HTTP port (Slack, Alertmanager and health routes; health only for a worker). */
  port: number;
  /** Graceful stop: HTTP first, then workers (running jobs finish, bounded), queues, Slack posts, Redis. */
  stop(): Promise<void>;
}

/** A worker's own small HTTP server: /healthz, /readyz, /metrics (for its probes). */
async function startHealthServer(port: number, routes: ReturnType<typeof healthRoutes>): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = routes.find((r) => r.path === path && [r.method].flat().includes(req.method ?? ''));
    if (route) route.handler(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  return server;
}

/**
 * Asks Slack about the tokens before anything starts: a token Slack refuses stops start-up with a ConfigError that
 * names the variable and the fix. A Slack that does not answer is logged and start-up goes on (the bot's ids are
 * then unknown and Bolt looks them up per request).
 */
async function checkSlackTokens(config: Config, logger: Logger): Promise<BotIdentity | undefined> {
  const { botToken, appToken, apiUrl } = config.slack;
  const [bot, app] = await Promise.allSettled([
    checkBotToken(botToken, apiUrl, logger),
    config.role !== 'worker' && appToken !== undefined ? checkAppToken(appToken, apiUrl, logger) : undefined,
  ]);
  const refused = [bot, app].flatMap((result) =>
    result.status === 'rejected' && result.reason instanceof SlackTokenRefused ? [result.reason.message] : [],
  );
  if (refused.length > 0) throw new ConfigError(refused);
  for (const result of [bot, app]) {
    if (result.status === 'rejected') {
      logger.warn({ err: result.reason }, 'Slack did not answer the token check at start-up; starting anyway');
    }
  }
  return bot.status === 'fulfilled' ? bot.value : undefined;
}

/** Starts the parts of `config.role`; resolves once it takes requests and jobs. */
export async function startService(
  config: Config,
  logger: Logger,
  env: NodeJS.ProcessEnv = process.env,
  options: Omit<ServicePartsOptions, 'env'> = {},
): Promise<RunningService> {
  const identity = await checkSlackTokens(config, logger);
  for (const warning of config.warnings) logger.warn(warning);
  const parts = await createServiceParts(config, logger, { ...options, env });

  let bot: BotRole | undefined;
  let worker: WorkerRole | undefined;
  let health: Server | undefined;
  try {
    if (config.role !== 'bot') worker = await startWorkerRole(parts);
    if (config.role !== 'worker') {
      bot = await startBotRole(parts, identity);
    } else {
      health = await startHealthServer(
        config.port,
        healthRoutes({ ready: () => pingRedis(parts.producer, 1000), registry: parts.registry }),
      );
    }
  } catch (error) {
    await worker?.close(1000);
    await parts.close();
    throw error;
  }
  const port = bot?.port ?? (health?.address() as AddressInfo | null)?.port ?? config.port;
  logger.info({ role: config.role, port, prefix: config.redis.prefix }, 'netcheck serve is running');

  return {
    port,
    async stop() {
      const timeoutMs = config.shutdownTimeoutSeconds * 1000;
      logger.info({ timeoutMs }, 'stopping: no new requests; running collections finish');
      if (health) {
        health.closeAllConnections();
        await new Promise((resolve) => health?.close(resolve));
      }
      await Promise.all([bot?.close(timeoutMs), worker?.close(timeoutMs)]);
      await parts.close(timeoutMs);
      logger.info('stopped');
    },
  };
}
