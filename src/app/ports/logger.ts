// The Logger port: structured log lines at four levels and child loggers with bound fields. The composition root
// passes pino (src/main/logger.ts), which redacts secrets; use cases and adapters see only this shape.

/** One level's call: a message, or an object of fields and an optional message. */
export interface LogFn {
  (message: string): void;
  (fields: object, message?: string): void;
}

export interface Logger {
  /** The current level's name (`debug`, `info`, …). */
  readonly level: string;
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  fatal: LogFn;
  child(bindings: Record<string, unknown>): Logger;
}
