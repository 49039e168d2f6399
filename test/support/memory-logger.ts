// The Logger port (src/app/ports/logger.ts) keeping every line in memory, for use-case tests that check what an
// operator would read in the logs.
import type { LogFn, Logger } from '../../src/app/ports/logger.js';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  fields: Record<string, unknown>;
  message?: string;
}

export interface MemoryLogger extends Logger {
  readonly lines: LogLine[];
}

export function memoryLogger(bindings: Record<string, unknown> = {}, lines: LogLine[] = []): MemoryLogger {
  const at =
    (level: LogLine['level']): LogFn =>
    (first: string | object, message?: string) => {
      if (typeof first === 'string') lines.push({ level, fields: { ...bindings }, message: first });
      else lines.push({ level, fields: { ...bindings, ...first }, ...(message === undefined ? {} : { message }) });
    };
  return {
    level: 'debug',
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    fatal: at('fatal'),
    child: (more) => memoryLogger({ ...bindings, ...more }, lines),
  };
}
