// Per-channel FIFO lanes with a token bucket each (Slack: about one message per second per channel, short bursts),
// and pauses set by 429 Retry-After: per lane, per method, or for the whole workspace. A lane runs one task at a
// time, so a task that waits or retries holds back the tasks behind it: a thread keeps its order.

/** Time for the lanes; injectable so tests can observe waits. */
export interface LaneClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: LaneClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface ChannelQueueOptions {
  /** Tokens added per second to each lane's bucket. */
  perSecond: number;
  /** Bucket size: how many calls may go at once after a quiet spell. */
  burst: number;
  clock?: LaneClock;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** FIFO lanes keyed by channel (or any string), with rate limiting and pauses. */
export class ChannelQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly buckets = new Map<string, Bucket>();
  private readonly pauses = new Map<string, number>();
  private globalPause = 0;
  private waiting = 0;
  private readonly clock: LaneClock;

  constructor(private readonly options: ChannelQueueOptions) {
    this.clock = options.clock ?? realClock;
  }

  /** Calls queued or running. */
  get size(): number {
    return this.waiting;
  }

  /** Runs `task` after every earlier task of `lane` has settled. */
  run<T>(lane: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(lane) ?? Promise.resolve();
    this.waiting += 1;
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(lane, tail);
    void tail.then(() => {
      this.waiting -= 1;
      if (this.tails.get(lane) === tail) this.tails.delete(lane);
    });
    return result;
  }

  /** Resolves when every lane is empty. */
  async drain(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }

  /** Pauses `key` (a lane or `method:<name>`) until `untilMs`. */
  pause(key: string, untilMs: number): void {
    this.pauses.set(key, Math.max(this.pauses.get(key) ?? 0, untilMs));
  }

  /** Pauses every lane until `untilMs` (a workspace-wide limit). */
  pauseAll(untilMs: number): void {
    this.globalPause = Math.max(this.globalPause, untilMs);
  }

  /** Lanes other than `lane` paused right now. */
  otherPausedLanes(lane: string): string[] {
    const now = this.clock.now();
    return [...this.pauses.entries()]
      .filter(([key, until]) => key !== lane && !key.startsWith('method:') && until > now)
      .map(([key]) => key);
  }

  /**
   * Waits until `lane` and `pauseKeys` are not paused and, when `consume`, until the lane's bucket has a token
   * (which it takes). Call it before every attempt, retries included.
   */
  async ready(lane: string, pauseKeys: readonly string[] = [], consume = true): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      const pausedUntil = Math.max(
        this.globalPause,
        this.pauses.get(lane) ?? 0,
        ...pauseKeys.map((k) => this.pauses.get(k) ?? 0),
      );
      if (pausedUntil > now) {
        await this.clock.sleep(pausedUntil - now);
        continue;
      }
      if (!consume) return;
      const bucket = this.refill(lane, now);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return;
      }
      await this.clock.sleep(Math.ceil(((1 - bucket.tokens) / this.options.perSecond) * 1000));
    }
  }

  private refill(lane: string, now: number): Bucket {
    const bucket = this.buckets.get(lane) ?? { tokens: this.options.burst, at: now };
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.options.perSecond);
    bucket.at = now;
    this.buckets.set(lane, bucket);
    return bucket;
  }
}
