// zod schemas for single environment variables: each failure message says what is expected, in words an operator
// can act on. Secret values are never echoed back.
import { z } from 'zod';

/** A whole number from min to max. */
export function wholeNumber(min: number, max: number, unit = '') {
  const expected = `a whole number${unit ? ` of ${unit}` : ''} from ${min} to ${max}`;
  return z
    .string()
    .regex(/^\d+$/, { error: (issue) => `expected ${expected}, got ${JSON.stringify(issue.input)}` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: (issue) => `expected ${expected}, got ${issue.input}` });
}

/** An http(s) URL. */
export function httpUrl() {
  return z.string().refine(
    (text) => {
      try {
        const url = new URL(text);
        return url.protocol === 'http:' || url.protocol === 'https:';
      } catch {
        return false;
      }
    },
    { error: (issue) => `expected an http:// or https:// URL, got ${JSON.stringify(issue.input)}` },
  );
}

/** A redis:// or rediss:// URL (its password is never shown). */
export function redisUrl() {
  return z.string().refine(
    (text) => {
      try {
        return ['redis:', 'rediss:'].includes(new URL(text).protocol);
      } catch {
        return false;
      }
    },
    { error: 'expected a redis://[user:password@]host:port[/db] or rediss:// URL' },
  );
}

/** A comma-separated list of Slack ids matching `pattern` (spaces allowed around commas). */
export function slackIds(pattern: RegExp, what: string) {
  return z
    .string()
    .transform((text) => [
      ...new Set(
        text
          .split(',')
          .map((id) => id.trim())
          .filter((id) => id !== ''),
      ),
    ])
    .refine((ids) => ids.every((id) => pattern.test(id)), {
      error: (issue) => {
        const bad = (issue.input as string[]).filter((id) => !pattern.test(id));
        return `expected comma-separated ${what}, got ${bad.map((id) => JSON.stringify(id)).join(', ')}`;
      },
    });
}

/** A secret token with a known prefix (`xoxb-`, `xapp-`); the value is never shown in the message. */
export function token(prefix: string, what: string) {
  return z.string().refine((text) => text.startsWith(prefix) && text.length > prefix.length + 4 && !/\s/.test(text), {
    error: `expected ${what} (it starts with ${prefix}); the value set is not one`,
  });
}

/** Any non-empty secret without whitespace; never shown. */
export function secret(what: string) {
  return z.string().refine((text) => text.length >= 8 && !/\s/.test(text), {
    error: `expected ${what}: at least 8 characters, no spaces`,
  });
}

/** A word from `choices`. */
export function oneOf<const T extends readonly [string, ...string[]]>(choices: T) {
  return z.enum(choices, {
    error: (issue) => `expected one of ${choices.join(', ')}, got ${JSON.stringify(issue.input)}`,
  });
}

/** Slack ids: channels (`C…`, `G…`), users (`U…`, `W…`), user groups (`S…`). */
export const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;
export const USER_ID = /^[UW][A-Z0-9]{2,}$/;
export const GROUP_ID = /^S[A-Z0-9]{2,}$/;
