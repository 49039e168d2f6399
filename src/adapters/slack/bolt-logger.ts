// Bolt's Logger interface (@slack/logger) on top of our pino logger, so Bolt's own lines are scrubbed too.
import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../../app/ports/logger.js';

const LEVELS: Record<string, LogLevel> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
  fatal: LogLevel.ERROR,
  silent: LogLevel.ERROR,
};

function line(messages: unknown[]): string {
  return messages.map((m) => (m instanceof Error ? (m.stack ?? m.message) : String(m))).join(' ');
}

/** Adapts `logger` (a child named `bolt`) to @slack/logger's Logger. */
export function createBoltLogger(logger: Logger): SlackLogger {
  let child = logger.child({ component: 'bolt' });
  return {
    debug: (...messages) => child.debug(line(messages)),
    info: (...messages) => child.info(line(messages)),
    warn: (...messages) => child.warn(line(messages)),
    error: (...messages) => child.error(line(messages)),
    setLevel: () => {},
    getLevel: () => LEVELS[child.level] ?? LogLevel.INFO,
    setName: (name) => {
      child = logger.child({ component: name });
    },
  };
}
