// The retry policy of every outbound Slack call: 429 → pause (lane, method or workspace) for Retry-After and try the
// same call again; 5xx, timeouts, network errors and Slack's transient codes → capped exponential backoff with
// jitter; anything else → SlackPermanentError at once, logged once with the fix and counted.

import { SlackPermanentError, SlackUnavailableError } from '../../app/ports/slack-errors.js';
import type { ChannelQueue, LaneClock } from './channel-queue.js';
import type { SlackMetrics } from './slack-metrics.js';

/** Error codes Slack itself reports as temporary: retried like 5xx. */
const TRANSIENT = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'timeout']);

/** Whether a Web API error code is worth retrying. Unknown codes are not (no retry storms on surprises). */
export function isTransientSlackCode(code: string): boolean {
  return TRANSIENT.has(code);
}

/** The subset of a pino logger the poster uses. */
export interface PosterLogger {
  debug(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export type SlackFailure =
  | { kind: 'rate_limited'; retryAfterMs: number }
  | { kind: 'transient'; reason: string }
  | { kind: 'permanent'; code: string };

interface CodedLike {
  code?: unknown;
  retryAfter?: unknown;
  statusCode?: unknown;
  original?: { name?: unknown; code?: unknown };
  data?: { error?: unknown; response_metadata?: { retryAfter?: unknown } };
}

/** What a failure of @slack/web-api (or of the upload URL) means for the policy; undefined = not a Slack failure. */
export function classifySlackFailure(error: unknown): SlackFailure | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as CodedLike;
  switch (e.code) {
    case 'slack_webapi_rate_limited_error':
      return { kind: 'rate_limited', retryAfterMs: Math.max(1, Number(e.retryAfter) || 1) * 1000 };
    case 'slack_webapi_http_error':
    case 'netcheck_upload_http_error': {
      const status = Number(e.statusCode);
      if (status === 429) return { kind: 'rate_limited', retryAfterMs: Math.max(1, Number(e.retryAfter) || 1) * 1000 };
      if (status >= 500 || status === 408) return { kind: 'transient', reason: 'http_5xx' };
      return { kind: 'permanent', code: e.code === 'netcheck_upload_http_error' ? 'upload_refused' : `http_${status}` };
    }
    case 'slack_webapi_request_error': {
      const name = String(e.original?.name ?? '');
      return { kind: 'transient', reason: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network' };
    }
    case 'slack_webapi_platform_error': {
      const code = String(e.data?.error ?? 'unknown_error');
      if (code === 'ratelimited' || code === 'rate_limited') {
        const seconds = Number(e.data?.response_metadata?.retryAfter) || 1;
        return { kind: 'rate_limited', retryAfterMs: seconds * 1000 };
      }
      return isTransientSlackCode(code) ? { kind: 'transient', reason: code } : { kind: 'permanent', code };
    }
    default: {
      const name = (error as { name?: unknown }).name;
      if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'transient', reason: 'timeout' };
      if (error instanceof TypeError && String((error as Error).message).includes('fetch failed')) {
        return { kind: 'transient', reason: 'network' };
      }
      return undefined;
    }
  }
}

export interface PolicyContext {
  queue: ChannelQueue;
  clock: LaneClock;
  metrics?: SlackMetrics;
  logger?: PosterLogger;
  maxAttempts: number;
  /** 429s one call may wait out before giving up. */
  maxRateLimitWaits: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  random: () => number;
  /** code + channel pairs already logged as errors (the rest go to debug). */
  reported: Set<string>;
}

export interface CallSpec<T> {
  method: string;
  /** The FIFO lane this call belongs to (a channel id). */
  lane: string;
  channel?: string;
  /** What a 429 pauses: the lane (chat.postMessage's per-channel limit) or the method across the workspace. */
  rateScope: 'lane' | 'method';
  /** Whether the call takes a token from the lane's bucket (it posts something into the channel). */
  consume: boolean;
  attempt: () => Promise<T>;
}

/** Full-jitter exponential backoff, capped. */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random: () => number): number {
  return Math.round(random() * Math.min(capMs, baseMs * 2 ** (attempt - 1)));
}

/** Runs one Slack call under the policy. Call it from inside the lane (ChannelQueue.run) to keep order. */
export async function callWithPolicy<T>(ctx: PolicyContext, spec: CallSpec<T>): Promise<T> {
  const methodKey = `method:${spec.method}`;
  let failures = 0;
  let rateLimitWaits = 0;
  for (;;) {
    await ctx.queue.ready(spec.lane, [methodKey], spec.consume);
    try {
      return await spec.attempt();
    } catch (error) {
      const failure = classifySlackFailure(error);
      if (failure === undefined) throw error;
      if (failure.kind === 'rate_limited') {
        rateLimitWaits += 1;
        const until = ctx.clock.now() + failure.retryAfterMs;
        const scope = rateLimitScope(ctx, spec, until);
        ctx.metrics?.rateLimited.inc({ method: spec.method, scope });
        if (rateLimitWaits > ctx.maxRateLimitWaits) throw giveUp(ctx, spec, 'ratelimited', rateLimitWaits);
        ctx.metrics?.retries.inc({ method: spec.method, reason: 'rate_limited' });
        ctx.logger?.debug(
          { method: spec.method, channel: spec.channel, retryAfterMs: failure.retryAfterMs, scope },
          'Slack rate limit: pausing',
        );
        continue;
      }
      if (failure.kind === 'transient') {
        failures += 1;
        if (failures >= ctx.maxAttempts) throw giveUp(ctx, spec, failure.reason, failures);
        ctx.metrics?.retries.inc({ method: spec.method, reason: failure.reason });
        const wait = backoffMs(failures, ctx.backoffBaseMs, ctx.backoffCapMs, ctx.random);
        ctx.logger?.debug({ method: spec.method, channel: spec.channel, reason: failure.reason, wait }, 'Slack retry');
        await ctx.clock.sleep(wait);
        continue;
      }
      throw permanent(ctx, spec, failure.code);
    }
  }
}

/** Pauses what the 429 concerns; 429s on two lanes at once mean the workspace-wide limit: pause everything. */
function rateLimitScope<T>(ctx: PolicyContext, spec: CallSpec<T>, until: number): 'lane' | 'method' | 'workspace' {
  if (spec.rateScope === 'method') {
    ctx.queue.pause(`method:${spec.method}`, until);
    return 'method';
  }
  const others = ctx.queue.otherPausedLanes(spec.lane);
  ctx.queue.pause(spec.lane, until);
  if (others.length > 0) {
    ctx.queue.pauseAll(until);
    return 'workspace';
  }
  return 'lane';
}

function permanent<T>(ctx: PolicyContext, spec: CallSpec<T>, code: string): SlackPermanentError {
  const error = new SlackPermanentError(code, spec.method, spec.channel);
  ctx.metrics?.errors.inc({ method: spec.method, error: code });
  const key = `${code}:${spec.channel ?? ''}`;
  const fields = { method: spec.method, channel: spec.channel, error: code, fix: error.fix };
  if (ctx.reported.has(key)) ctx.logger?.debug(fields, 'Slack refused a call (again)');
  else {
    ctx.reported.add(key);
    ctx.logger?.error(fields, `Slack refused a call: ${code}. Fix: ${error.fix}`);
  }
  return error;
}

function giveUp<T>(ctx: PolicyContext, spec: CallSpec<T>, reason: string, attempts: number): SlackUnavailableError {
  ctx.metrics?.errors.inc({ method: spec.method, error: reason });
  ctx.logger?.warn(
    { method: spec.method, channel: spec.channel, error: reason, attempts },
    'Slack call given up after retries',
  );
  return new SlackUnavailableError(reason, spec.method, attempts, spec.channel);
}
