// Outbound Slack (SlackOut): every call goes through a per-channel FIFO lane with a token bucket (about one message
// per second per channel, short bursts) and the retry policy (slack-call-policy.ts). The Web API client's own
// retries are off (`retries: 0`, `rejectRateLimitedCalls`) so that the policy here is the only one.
import { LogLevel, type Logger as SlackLogger, WebClient } from '@slack/web-api';
import type { Registry } from 'prom-client';
import type { PreparedFile, SlackOut } from '../../app/ports/slack-out.js';
import type { SlackFile, SlackMessage } from '../../render/slack/slack-message.js';
import { ChannelQueue, type LaneClock, realClock } from './channel-queue.js';
import { callWithPolicy, type PolicyContext, type PosterLogger } from './slack-call-policy.js';
import { createSlackMetrics } from './slack-metrics.js';
import { prepareUpload, shareUpload, uploadFileToThread } from './upload-file.js';

export interface SlackPosterOptions {
  token: string;
  /** Web API base URL (SLACK_API_URL); Slack's by default. */
  apiUrl?: string;
  logger?: PosterLogger;
  /** Registry for netcheck_slack_* metrics. */
  metrics?: Registry;
  perChannelPerSecond?: number;
  burst?: number;
  /** Tries per call for 5xx, timeouts and network errors (429s are waited out separately). */
  maxAttempts?: number;
  /** 429s one call may wait out before it is given up. */
  maxRateLimitWaits?: number;
  timeoutMs?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

/** SlackOut plus lifecycle. */
export interface SlackPoster extends SlackOut {
  /** Resolves once every queued call has settled. */
  drain(): Promise<void>;
  /** Refuses new calls and waits for the queued ones. */
  close(): Promise<void>;
  /** Calls queued or running. */
  readonly pending: number;
}

/** Routes the Web API client's own log lines to debug (the poster logs what matters, without the token). */
function clientLogger(logger: PosterLogger | undefined): SlackLogger {
  const debug = (...parts: unknown[]): void => logger?.debug({ source: 'web-api' }, parts.map(String).join(' '));
  return {
    debug,
    info: debug,
    warn: debug,
    error: debug,
    setLevel: () => {},
    getLevel: () => LogLevel.DEBUG,
    setName: () => {},
  };
}

const messageArgs = (message: SlackMessage) => ({ text: message.text, blocks: message.blocks });

/** Creates the outbound limiter. */
export function createSlackPoster(options: SlackPosterOptions): SlackPoster {
  const clock: LaneClock = {
    now: options.now ?? realClock.now,
    sleep: options.sleep ?? realClock.sleep,
  };
  const timeoutMs = options.timeoutMs ?? 10_000;
  const client = new WebClient(options.token, {
    ...(options.apiUrl === undefined ? {} : { slackApiUrl: options.apiUrl }),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: timeoutMs,
    logger: clientLogger(options.logger),
  });
  const queue = new ChannelQueue({
    perSecond: options.perChannelPerSecond ?? 1,
    burst: options.burst ?? 3,
    clock,
  });
  const metrics = options.metrics === undefined ? undefined : createSlackMetrics(options.metrics);
  const policy: PolicyContext = {
    queue,
    clock,
    ...(metrics === undefined ? {} : { metrics }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    maxAttempts: options.maxAttempts ?? 5,
    maxRateLimitWaits: options.maxRateLimitWaits ?? 30,
    backoffBaseMs: options.backoffBaseMs ?? 500,
    backoffCapMs: options.backoffCapMs ?? 30_000,
    random: options.random ?? Math.random,
    reported: new Set(),
  };
  let closed = false;

  const enqueue = <T>(lane: string, task: () => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(new Error('the Slack poster is closed'));
    metrics?.queued.inc();
    return queue.run(lane, task).finally(() => metrics?.queued.dec());
  };

  return {
    get pending() {
      return queue.size;
    },

    postMessage(channel, message, threadTs) {
      return enqueue(channel, () =>
        callWithPolicy(policy, {
          method: 'chat.postMessage',
          lane: channel,
          channel,
          rateScope: 'lane',
          consume: true,
          attempt: async () => {
            const result = await client.apiCall('chat.postMessage', {
              channel,
              ...messageArgs(message),
              ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
              unfurl_links: false,
              unfurl_media: false,
            });
            return { ts: String((result as { ts?: unknown }).ts) };
          },
        }),
      );
    },

    updateMessage(channel, ts, message) {
      return enqueue(channel, () =>
        callWithPolicy(policy, {
          method: 'chat.update',
          lane: channel,
          channel,
          rateScope: 'method',
          consume: true,
          attempt: async () => {
            await client.apiCall('chat.update', { channel, ts, ...messageArgs(message) });
          },
        }),
      );
    },

    postEphemeral(channel, user, message) {
      // Its own lane: a reply to one person never waits behind a busy incident thread.
      const lane = `${channel}#ephemeral`;
      return enqueue(lane, () =>
        callWithPolicy(policy, {
          method: 'chat.postEphemeral',
          lane,
          channel,
          rateScope: 'method',
          consume: true,
          attempt: async () => {
            await client.apiCall('chat.postEphemeral', { channel, user, ...messageArgs(message) });
          },
        }),
      );
    },

    uploadFile(channel: string, threadTs: string, file: SlackFile) {
      return enqueue(channel, () => uploadFileToThread({ policy, client, timeoutMs }, channel, threadTs, file));
    },

    prepareFile(channel: string, file: SlackFile) {
      // Its own lane: bytes on their way to Slack never hold back the channel's messages.
      const lane = `${channel}#files`;
      return enqueue(lane, () => prepareUpload({ policy, client, timeoutMs }, lane, channel, file));
    },

    shareFile(channel: string, threadTs: string, file: PreparedFile) {
      return enqueue(channel, () => shareUpload({ policy, client, timeoutMs }, channel, threadTs, file));
    },

    drain: () => queue.drain(),

    async close() {
      closed = true;
      await queue.drain();
    },
  };
}
