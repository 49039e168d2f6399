// The Claims port in memory (src/app/ports/claims.ts), for use-case tests: the Redis claims' contract (one post per
// key, a failed post drops its claim, a caller behind a pending claim waits for its value or gives up) without Redis.
import type { Claims, OnceResult } from '../../src/app/ports/claims.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface ClaimState {
  values: Map<string, string>;
  pending: Set<string>;
}

export class MemoryClaims implements Claims {
  /**
   * @param waitMs how long a caller behind a pending claim waits (ClaimBusyError after)
   * @param state the claims themselves, shared by `replica()`s
   */
  constructor(
    private readonly waitMs = 15_000,
    private readonly state: ClaimState = { values: new Map(), pending: new Set() },
  ) {}

  /** Finished claims: key → value. */
  get values(): ReadonlyMap<string, string> {
    return this.state.values;
  }

  /** Another process's view of the same claims. */
  replica(waitMs = this.waitMs): MemoryClaims {
    return new MemoryClaims(waitMs, this.state);
  }

  async once(key: string, post: () => Promise<string>): Promise<OnceResult> {
    const { values, pending } = this.state;
    const deadline = Date.now() + this.waitMs;
    for (;;) {
      const value = values.get(key);
      if (value !== undefined) return { value, posted: false };
      if (!pending.has(key)) break;
      if (Date.now() >= deadline) {
        throw Object.assign(new Error(`claim ${key} is still pending`), { name: 'ClaimBusyError' });
      }
      await sleep(5);
    }
    pending.add(key);
    try {
      const value = await post();
      values.set(key, value);
      return { value, posted: true };
    } finally {
      pending.delete(key);
    }
  }

  async get(key: string): Promise<string | undefined> {
    return this.state.values.get(key);
  }

  async remember(key: string, compute: () => Promise<string>): Promise<string> {
    return (await this.once(key, compute)).value;
  }
}
