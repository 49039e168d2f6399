// The top-level `text` of a message: what notifications and screen readers show. Pure.
import { escapeMrkdwn } from './mrkdwn.js';
import { SLACK_LIMITS } from './slack-limits.js';
import { truncateMrkdwn } from './truncate.js';

/** Raw text as a message's notification fallback: escaped, one paragraph, at most 4000 characters. */
export function fallbackText(raw: string): string {
  return truncateMrkdwn(escapeMrkdwn(raw), SLACK_LIMITS.fallbackText);
}
