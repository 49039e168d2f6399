import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createBoltLogger } from '../../src/adapters/slack/bolt-logger.js';
import { createLogger, scrubSecrets } from '../../src/main/logger.js';

const BOT_TOKEN = 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp';
const APP_TOKEN = 'xapp-1-A0123-456789-abcdef0123';
const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const AM_PASSWORD = 'am-p4ss"w0rd\\x';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ level: 'debug', secrets: [BOT_TOKEN, SIGNING_SECRET, AM_PASSWORD], destination });
  return { logger, lines };
}

describe('createLogger', () => {
  it('never prints a secret: fields, headers, messages, errors, nested objects', () => {
    const { logger, lines } = capture();
    logger.info({ config: { slack: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET } } }, 'starting');
    logger.info({ req: { headers: { authorization: 'Basic YW06c2VjcmV0', 'x-slack-signature': 'v0=abc' } } }, 'req');
    logger.info({ headers: { Authorization: `Bearer ${BOT_TOKEN}` } }, 'call');
    logger.warn(`token ${BOT_TOKEN} and app token ${APP_TOKEN} in a message`);
    logger.error({ err: new Error(`invalid_auth for ${BOT_TOKEN} (secret ${SIGNING_SECRET})`) }, 'slack failed');
    logger.error({ err: new Error(`login failed with ${AM_PASSWORD}`) }, 'alertmanager failed');
    logger.info({ url: 'redis://default:hunter2hunter2@redis:6379/0' }, 'connecting');
    logger.info({ deep: { a: { b: { c: `xoxp-99999-secret-user-token` } } } }, 'deep');
    const text = lines.join('\n');
    expect(lines).toHaveLength(8);
    for (const secret of [
      BOT_TOKEN,
      APP_TOKEN,
      SIGNING_SECRET,
      'YW06c2VjcmV0',
      'hunter2',
      'secret-user-token',
      'p4ss',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[redacted]');
    expect(text).toContain('redis://default:[redacted]@redis:6379/0');
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('keeps ordinary text intact', () => {
    expect(scrubSecrets('node-7: conntrack table 97% full (xox is not a token)')).toBe(
      'node-7: conntrack table 97% full (xox is not a token)',
    );
  });

  it('adapts to Bolt logger calls, scrubbed as well', () => {
    const { logger, lines } = capture();
    const bolt = createBoltLogger(logger);
    bolt.warn('Failed to verify', new Error(`bad ${SIGNING_SECRET}`));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ component: 'bolt', level: 40 });
    expect(lines[0]).not.toContain(SIGNING_SECRET);
  });
});
