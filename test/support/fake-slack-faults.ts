// Failure injection for the fake Slack: queued one-shot failures per method and sliding-window rate limits that
// answer like Slack (HTTP 429, `Retry-After` in whole seconds, body `{ok:false, error:'ratelimited'}`).

/**
 * What the next call(s) of a method get: an HTTP status (429 with Retry-After seconds, 5xx), a platform error
 * (HTTP 200 `{ok:false, error}`), or a delay. `delayMs` holds the request before Slack handles it: a client that
 * gives up meanwhile leaves nothing behind; with `afterHandling` the call is handled first, then answered late.
 */
export type FakeFailure =
  | { status: 429; retryAfter?: number }
  | { status: 500 | 502 | 503 | 504; body?: string }
  | { error: string; extra?: Record<string, unknown> }
  | { delayMs: number; afterHandling?: boolean };

export interface RateLimitOptions {
  /** Count per channel (chat.postMessage's "1 per second per channel") instead of per method. */
  perChannel?: boolean;
  /** Retry-After seconds to announce (default: the time until the window frees, rounded up, at least 1). */
  retryAfter?: number;
}

const timerSlackMs = 10;
/** Calls already in flight when a 429 went out (sent before the client could read it) are not violations. */
const inFlightGraceMs = 100;

interface Limit {
  perSecond: number;
  options: RateLimitOptions;
  windows: Map<string, number[]>;
  blockedUntil: Map<string, number>;
  announcedAt: Map<string, number>;
}

/** The decision for one call. */
export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'status'; status: number; retryAfter?: number; body: string }
  | { kind: 'error'; error: string; extra: Record<string, unknown> }
  | { kind: 'delay'; delayMs: number; afterHandling: boolean };

/** Per-method failure queues and rate limits. */
export class FaultPlan {
  private readonly queued = new Map<string, { failure: FakeFailure; remaining: number }[]>();
  private readonly limits = new Map<string, Limit>();
  /**
   * Calls that arrived inside a Retry-After the fake had announced for their scope, more than 100 ms after it was
   * announced (earlier ones were already in flight).
   */
  readonly violations: { method: string; scope: string; earlyMs: number }[] = [];

  failNext(method: string, failure: FakeFailure, times = 1): void {
    const list = this.queued.get(method) ?? [];
    list.push({ failure, remaining: times });
    this.queued.set(method, list);
  }

  rateLimit(method: string, perSecond: number, options: RateLimitOptions = {}): void {
    this.limits.set(method, {
      perSecond,
      options,
      windows: new Map(),
      blockedUntil: new Map(),
      announcedAt: new Map(),
    });
  }

  clearRateLimit(method: string): void {
    this.limits.delete(method);
  }

  /** Decides what happens to a call of `method` (on `channel`) arriving now. */
  decide(method: string, channel: string | undefined, now = Date.now()): FaultDecision {
    const limited = this.checkRateLimit(method, channel, now);
    if (limited !== undefined) return limited;
    const list = this.queued.get(method);
    const head = list?.[0];
    if (list === undefined || head === undefined) return { kind: 'none' };
    head.remaining -= 1;
    if (head.remaining <= 0) list.shift();
    const failure = head.failure;
    if ('delayMs' in failure) {
      return { kind: 'delay', delayMs: failure.delayMs, afterHandling: failure.afterHandling ?? false };
    }
    if ('error' in failure) return { kind: 'error', error: failure.error, extra: failure.extra ?? {} };
    if (failure.status === 429) {
      return {
        kind: 'status',
        status: 429,
        retryAfter: failure.retryAfter ?? 1,
        body: JSON.stringify({ ok: false, error: 'ratelimited' }),
      };
    }
    return { kind: 'status', status: failure.status, body: failure.body ?? statusText(failure.status) };
  }

  private checkRateLimit(method: string, channel: string | undefined, now: number): FaultDecision | undefined {
    const limit = this.limits.get(method);
    if (limit === undefined) return undefined;
    const scope = limit.options.perChannel === true ? `${method}:${channel ?? ''}` : method;
    const blockedUntil = limit.blockedUntil.get(scope) ?? 0;
    // Timers may fire a few ms early: that is not a client ignoring Retry-After.
    const blocked = now < blockedUntil - timerSlackMs;
    const announcedAt = limit.announcedAt.get(scope) ?? 0;
    if (blocked && now - announcedAt > inFlightGraceMs)
      this.violations.push({ method, scope, earlyMs: blockedUntil - now });
    const window = (limit.windows.get(scope) ?? []).filter((at) => now - at < 1000 - timerSlackMs);
    limit.windows.set(scope, window);
    if (window.length < limit.perSecond && !blocked) {
      window.push(now);
      return undefined;
    }
    const oldest = window[0] ?? now;
    const retryAfter = limit.options.retryAfter ?? Math.max(1, Math.ceil((oldest + 1000 - now) / 1000));
    if (!blocked) limit.announcedAt.set(scope, now);
    limit.blockedUntil.set(scope, Math.max(blockedUntil, now + retryAfter * 1000));
    return { kind: 'status', status: 429, retryAfter, body: JSON.stringify({ ok: false, error: 'ratelimited' }) };
  }
}

function statusText(status: number): string {
  return status === 503 ? 'Service Unavailable' : status === 500 ? 'Internal Server Error' : `HTTP ${status}`;
}
