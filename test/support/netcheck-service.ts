// `netcheck serve` (role all) in this process, configured by environment variables as an operator configures it:
// the real config, bot and worker wiring (src/main/start-service.ts), its log lines kept for failure messages.
import { loadConfig } from '../../src/main/config.js';
import { createLogger } from '../../src/main/logger.js';
import { startService } from '../../src/main/start-service.js';

export interface NetcheckService {
  /** `http://127.0.0.1:PORT` of the bot's HTTP server (`POST /alertmanager`, Slack, health). */
  url: string;
  /** The service's log lines so far (JSON, secrets scrubbed). */
  logs(): string;
  stop(): Promise<void>;
}

/** Starts the service with `env` (PORT 0 when unset: a free port); resolves once it takes requests and jobs. */
export async function startNetcheckService(env: Record<string, string>): Promise<NetcheckService> {
  const all = { PORT: '0', LOG_LEVEL: 'info', ...env };
  const config = loadConfig(all, 'all');
  let lines = '';
  const logger = createLogger({
    level: config.logLevel,
    secrets: [config.slack.botToken, config.slack.signingSecret, config.alertmanager.token],
    destination: {
      write(line: string) {
        lines = (lines + line).slice(-200_000);
      },
    },
  });
  const service = await startService(config, logger, all);
  return {
    url: `http://127.0.0.1:${service.port}`,
    logs: () => lines,
    stop: () => service.stop(),
  };
}
