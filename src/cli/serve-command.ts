// `netcheck serve [--role all|bot|worker]`: validates the configuration, starts the service and runs until SIGTERM
// or SIGINT, then stops gracefully and exits 0. A bad configuration (also a Slack token Slack refuses at start-up)
// exits 2 with a message naming the variable.

import { loadConfig, type Role } from '../main/config.js';
import { ConfigError } from '../main/config-error.js';
import { createLogger } from '../main/logger.js';
import { startService } from '../main/start-service.js';
import type { CliIo } from './cli-io.js';

/** Resolves with the first of the signals. */
function nextSignal(signals: readonly NodeJS.Signals[]): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const handlers = signals.map((signal) => {
      const handler = () => {
        for (const [s, h] of handlers) process.off(s, h);
        resolve(signal);
      };
      process.on(signal, handler);
      return [signal, handler] as const;
    });
  });
}

/** Runs the service until a signal; returns the exit code. */
export async function runServe(options: { role: Role }, io: CliIo): Promise<number> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(io.env, options.role);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`netcheck serve: ${error.message}\n`);
    return 2;
  }
  const logger = createLogger({
    level: config.logLevel,
    secrets: [
      config.slack.botToken,
      config.slack.signingSecret,
      config.slack.appToken,
      config.alertmanager.token,
      config.alertmanager.password,
    ],
  });
  const stopping = nextSignal(['SIGTERM', 'SIGINT']);
  let service: Awaited<ReturnType<typeof startService>>;
  try {
    service = await startService(config, logger, io.env);
  } catch (error) {
    // A setting found bad only by asking (a token Slack refuses): one line naming it, like the checks above.
    if (error instanceof ConfigError) {
      io.stderr.write(`netcheck serve: ${error.message}\n`);
      return 2;
    }
    logger.fatal({ err: error }, 'netcheck serve could not start');
    return 1;
  }
  const signal = await stopping;
  logger.info({ signal }, 'signal received');
  // A stuck handle must not keep a stopped service alive past its grace period.
  const grace = setTimeout(
    () => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    },
    (config.shutdownTimeoutSeconds + 15) * 1000,
  );
  grace.unref();
  await service.stop();
  clearTimeout(grace);
  return 0;
}
