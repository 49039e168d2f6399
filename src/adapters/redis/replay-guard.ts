// The ReplayGuard port on Redis: one `SET NX EX` key per Slack request signature, shared by every replica.
import type { ReplayGuard } from '../../app/ports/replay-guard.js';
import type { RedisConnection } from './redis-connection.js';

/** The replay guard on Redis: one key per signature, `<prefix>:slack-request:<signature hex>`. */
export function createReplayGuard(redis: RedisConnection, prefix: string): ReplayGuard {
  return {
    async firstSeen(signature, ttlSeconds) {
      const key = `${prefix}:slack-request:${signature.replace(/^v0=/, '')}`;
      return (await redis.set(key, '1', 'EX', ttlSeconds, 'NX')) === 'OK';
    },
  };
}
