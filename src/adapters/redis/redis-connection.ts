// ioredis connections for the bot's two kinds of callers:
//
//   const producer = createRedisConnection(config.redisUrl, { name: 'netcheck-intake' });   // fails fast
//   const worker = createRedisConnection(config.redisUrl, { forWorker: true });            // waits for Redis
//   await pingRedis(producer, 1000);                                                        // /readyz
//
// A producer (the Alertmanager intake, slash commands, buttons) must answer within seconds even when Redis is down,
// so its commands give up after one reconnect attempt and at most `commandTimeoutMs`: the intake then answers 503
// and Alertmanager retries. (Commands sent before the first connection wait for it, within the same bounds.) A worker
// (BullMQ's blocking job fetch) must instead wait through a Redis restart: BullMQ requires
// `maxRetriesPerRequest: null` there. Both reconnect by themselves.
import { Redis } from 'ioredis';

/** The key prefix every Redis key and BullMQ queue of netcheck starts with (`NETCHECK_REDIS_PREFIX`). */
/** A Redis connection as the adapters make it: the shell passes it on without importing the client library. */
export type RedisConnection = Redis;

export const DEFAULT_REDIS_PREFIX = 'netcheck';

export interface RedisConnectionOptions {
  /** A BullMQ worker's connection: commands wait for Redis instead of failing. @defaultValue false */
  forWorker?: boolean;
  /** Shown by `CLIENT LIST` (letters, digits, `-`, `_`). */
  name?: string;
  /** Milliseconds to establish the TCP connection. @defaultValue 2000 */
  connectTimeoutMs?: number;
  /** A producer's bound on one command, connection wait included. @defaultValue 2000 */
  commandTimeoutMs?: number;
}

/** Seconds-scale reconnect backoff: 100 ms, 200 ms, … capped at 2 s, forever (a restarted Redis is picked up). */
function retryStrategy(times: number): number {
  return Math.min(times * 100, 2000);
}

/**
 * An ioredis client for `url` (`redis://[:password@]host:port[/db]`, `rediss://` for TLS). Producers fail fast when
 * Redis is unreachable (one reconnect attempt per command, a command timeout); workers wait
 * (`maxRetriesPerRequest: null`).
 * Never logs the URL (it may carry a password). The caller quits it.
 */
export function createRedisConnection(url: string, options: RedisConnectionOptions = {}): Redis {
  const common = {
    connectTimeout: options.connectTimeoutMs ?? 2000,
    retryStrategy,
    connectionName: options.name,
  };
  const client = options.forWorker
    ? new Redis(url, { ...common, maxRetriesPerRequest: null, enableOfflineQueue: true })
    : new Redis(url, { ...common, maxRetriesPerRequest: 1, commandTimeout: options.commandTimeoutMs ?? 2000 });
  // Without a listener ioredis prints every connection error; callers see failures through their commands.
  client.on('error', () => {});
  return client;
}

/** True when Redis answers PING within `timeoutMs` (for `/readyz`). Never throws. */
export async function pingRedis(connection: Redis, timeoutMs = 1000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    const pong = connection.ping().then(
      (answer) => answer === 'PONG',
      () => false,
    );
    return await Promise.race([pong, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The key prefix from `NETCHECK_REDIS_PREFIX` (default `netcheck`). BullMQ takes it as its `prefix` option; other
 * keys are built with {@link redisKey}. A prefix may not contain spaces or `{}` (Redis Cluster hash tags).
 */
export function redisPrefix(env: Record<string, string | undefined> = {}): string {
  const value = env.NETCHECK_REDIS_PREFIX?.trim();
  if (!value) return DEFAULT_REDIS_PREFIX;
  if (!/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/.test(value)) {
    throw new Error(
      `NETCHECK_REDIS_PREFIX must be 1-64 letters, digits, "_", ".", ":" or "-" (got ${JSON.stringify(value.slice(0, 70))})`,
    );
  }
  return value;
}

/** `<prefix>:<part>:<part>…`: a netcheck key outside BullMQ's own. */
export function redisKey(prefix: string, ...parts: string[]): string {
  return [prefix, ...parts].join(':');
}
