// The service's pino logger: JSON lines on stdout, secrets redacted by field name and scrubbed by value and by
// shape (Slack tokens, bearer/basic credentials, URL passwords) from every line, messages and errors included.
import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level?: string;
  /** Secret values to remove wherever they appear (tokens, signing secret, passwords). */
  secrets?: readonly (string | undefined)[];
  /** Where lines go (tests); stdout by default. */
  destination?: DestinationStream;
}

const SECRET_FIELDS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'password',
  'secret',
  'authorization',
  'Authorization',
  'cookie',
  'x-slack-signature',
];

/** Field paths pino replaces with "[redacted]": the fields themselves, one level down, and in request headers. */
const REDACT_PATHS = [
  ...SECRET_FIELDS.flatMap((field) => [`["${field}"]`, `*["${field}"]`]),
  ...SECRET_FIELDS.flatMap((field) => [
    `headers["${field}"]`,
    `*.headers["${field}"]`,
    `req.headers["${field}"]`,
    `*.config.headers["${field}"]`,
  ]),
];

/** Shapes of secrets that must never be printed, whatever field or message they hide in. */
const SECRET_SHAPES: readonly [RegExp, string][] = [
  [/xox[a-z]-[A-Za-z0-9-]+/g, 'xox?-[redacted]'],
  [/xapp-[A-Za-z0-9-]+/g, 'xapp-[redacted]'],
  [/\b(Bearer|Basic)(\s+|%20)[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]'],
  // user:password@ in URLs (redis://, http://).
  [/(\/\/[^:/@\s"]*:)[^@\s/"]+@/g, '$1[redacted]@'],
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Removes secrets from `text`: the given values (also in their JSON-escaped form) and anything shaped like a Slack
 * token, a bearer/basic credential or a URL password.
 */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const value of secrets) {
    if (!value || value.length < 4) continue;
    for (const form of new Set([value, JSON.stringify(value).slice(1, -1)])) {
      out = out.replace(new RegExp(escapeRegExp(form), 'g'), '[redacted]');
    }
  }
  for (const [pattern, replacement] of SECRET_SHAPES) out = out.replace(pattern, replacement);
  return out;
}

/** A pino logger whose every line is free of secrets (see scrubSecrets and the redacted field names). */
export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = options.secrets ?? [];
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'netcheck' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      hooks: { streamWrite: (line) => scrubSecrets(line, secrets) },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
