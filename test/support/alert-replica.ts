// One "replica" of the alert path for tests: its own Redis connection, incident store, claims, real Slack poster
// (against the fake Slack), incident thread, real collection queue and alert processor.
import type { Redis } from 'ioredis';
import { createAlertProcessor } from '../../src/adapters/queue/alert-processor.js';
import { type CollectQueue, createCollectQueue } from '../../src/adapters/queue/collect-queue.js';
import { RedisClaims } from '../../src/adapters/redis/claims.js';
import { RedisIncidentStore } from '../../src/adapters/redis/incident-store.js';
import { createRedisConnection } from '../../src/adapters/redis/redis-connection.js';
import { isTransientRedisError } from '../../src/adapters/redis/redis-errors.js';
import type { LockOptions } from '../../src/adapters/redis/redis-lock.js';
import { RedisThreadLog } from '../../src/adapters/redis/thread-log.js';
import { createSlackPoster, type SlackPoster, type SlackPosterOptions } from '../../src/adapters/slack/slack-poster.js';
import { parseChannelRoutes } from '../../src/alerts/channel-routes.js';
import type { AlertDeliveryDeps } from '../../src/app/process-alert-delivery.js';
import { SlackIncidentThread } from '../../src/app/slack-incident-thread.js';
import type { FakeSlack } from './fake-slack.js';

export interface Replica {
  connection: Redis;
  store: RedisIncidentStore;
  thread: SlackIncidentThread;
  poster: SlackPoster;
  collections: CollectQueue;
  process: ReturnType<typeof createAlertProcessor>;
  close(): Promise<void>;
}

/** What a test may change: the poster's pace (Slack's real one: `{ perChannelPerSecond: 1, burst: 3 }`), the processor. */
export interface ReplicaOptions {
  poster?: Partial<SlackPosterOptions>;
  processor?: Partial<AlertDeliveryDeps>;
  /** The incident lock's timings (how long a delivery waits for it). */
  storeLock?: LockOptions;
}

export function startReplica(
  redisUrl: string,
  slack: FakeSlack,
  prefix: string,
  routes = '',
  options: ReplicaOptions = {},
): Replica {
  const connection = createRedisConnection(redisUrl);
  const store = new RedisIncidentStore(connection, prefix, options.storeLock);
  const claims = new RedisClaims(connection, prefix);
  const poster = createSlackPoster({
    token: slack.token,
    apiUrl: slack.apiUrl,
    perChannelPerSecond: 50,
    burst: 50,
    backoffBaseMs: 20,
    backoffCapMs: 100,
    ...options.poster,
  });
  const thread = new SlackIncidentThread({ slack: poster, store, claims, log: new RedisThreadLog(connection, prefix) });
  const collections = createCollectQueue({ connection, prefix });
  const process = createAlertProcessor({
    store,
    thread,
    claims,
    collections,
    isTransient: isTransientRedisError,
    cluster: 'prod',
    defaultChannel: 'C0INCIDENTS',
    routes: parseChannelRoutes(routes),
    ...options.processor,
  });
  return {
    connection,
    store,
    thread,
    poster,
    collections,
    process,
    async close() {
      await poster.close();
      await collections.close();
      connection.disconnect();
    },
  };
}
