// The log throttle on a controlled clock: lines per interval, one summary per interval, a new interval logs again.
import { describe, expect, it } from 'vitest';
import { createLogThrottle } from '../../../src/adapters/http/log-throttle.js';

function throttle(linesPerInterval: number) {
  let clock = 1_000_000;
  const summaries: { key: string; suppressed: number; seconds: number }[] = [];
  const t = createLogThrottle<'a' | 'b'>({
    linesPerInterval,
    intervalMs: 60_000,
    now: () => clock,
    summary: (key, suppressed, seconds) => summaries.push({ key, suppressed, seconds }),
  });
  const advance = (ms: number) => {
    clock += ms;
  };
  return { t, summaries, advance };
}

describe('createLogThrottle', () => {
  it('lets the first lines of an interval through and counts the rest for one summary', () => {
    const { t, summaries, advance } = throttle(2);
    const allowed = Array.from({ length: 10 }, () => t.allow('a'));
    expect(allowed).toEqual([true, true, false, false, false, false, false, false, false, false]);
    expect(t.allow('b')).toBe(true); // each key has its own budget
    advance(30_000);
    expect(t.allow('a')).toBe(false);
    expect(summaries).toEqual([]);
    advance(30_000);
    // The next interval: the summary of the last one first, then lines again.
    expect(t.allow('a')).toBe(true);
    expect(summaries).toEqual([{ key: 'a', suppressed: 9, seconds: 60 }]);
    t.flush();
    expect(summaries).toHaveLength(1); // nothing was held back in the new interval, nor for b
  });

  it('writes the summary when flushed (or when its timer ends the interval)', () => {
    const { t, summaries, advance } = throttle(1);
    t.allow('a');
    t.allow('a');
    t.allow('a');
    advance(5_000);
    t.flush();
    expect(summaries).toEqual([{ key: 'a', suppressed: 2, seconds: 5 }]);
    expect(t.allow('a')).toBe(true);
  });

  it('ends an interval by its timer without a further event', async () => {
    const summaries: number[] = [];
    const t = createLogThrottle<'a'>({ linesPerInterval: 1, intervalMs: 50, summary: (_k, n) => summaries.push(n) });
    t.allow('a');
    t.allow('a');
    t.allow('a');
    const end = Date.now() + 10_000;
    while (summaries.length === 0 && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(summaries).toEqual([2]);
  });
});
