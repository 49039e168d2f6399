// A Clock (src/app/ports/clock.ts) for use-case tests: starts at a given time and moves on a second per reading, so
// every timestamp a use case writes is known in advance.
import type { Clock } from '../../src/app/ports/clock.js';

export interface SteppingClock extends Clock {
  /** The ISO time the `n`-th reading (0-based) returns. */
  at(n: number): string;
}

export function steppingClock(start: string, stepMs = 1000): SteppingClock {
  const base = Date.parse(start);
  let readings = 0;
  return {
    now: () => new Date(base + stepMs * readings++),
    at: (n) => new Date(base + stepMs * n).toISOString(),
  };
}
