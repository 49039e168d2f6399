// The readings of a counter file printed more than once (collector sections, repeated pastes) and the time between.
import type { Item, Report } from '../../domain/report.js';

/** One reading of counters: its values, when it was taken (epoch seconds) if known, and whether a collector took it. */
export interface CounterSample<S> {
  value: S;
  at?: number;
  collector: boolean;
}

/** Every reading of the items, in input order: each item's samples, stamped with its section's start. */
export function counterSamples<S>(items: Item<{ samples: S[] }>[]): CounterSample<S>[] {
  const out: CounterSample<S>[] = [];
  for (const item of items) {
    const at = item.source.section?.at;
    for (const value of item.value.samples) {
      const sample: CounterSample<S> = { value, collector: item.source.section !== undefined };
      if (at !== undefined) sample.at = at;
      out.push(sample);
    }
  }
  return out;
}

/** Seconds between the first and last readings: from their times, else the collector's interval; undefined if unknown. */
export function secondsApart<S>(first: CounterSample<S>, last: CounterSample<S>, report: Report): number | undefined {
  if (first === last) return undefined;
  if (first.at !== undefined && last.at !== undefined && last.at > first.at) return last.at - first.at;
  const interval = report.collector?.interval;
  if (first.collector && last.collector && interval !== undefined && interval > 0) return interval;
  return undefined;
}

/** `+N (R/s over S s)` or `+N between the two readings`. */
export function deltaText(delta: number, seconds: number | undefined): string {
  return seconds
    ? `+${delta} in ${seconds} s (${(delta / seconds).toFixed(1)}/s)`
    : `+${delta} between the two readings`;
}
