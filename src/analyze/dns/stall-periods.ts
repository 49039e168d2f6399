// How a stalled lookup's duration relates to the resolver's retry periods (whole timeouts, fractions of one).
import type { Report } from '../../domain/report.js';
import { resolvConfParser } from '../../parse/dns/resolv-conf.js';
import { itemsOf } from '../../parse/items-of.js';
import { isTimeoutMultiple } from '../readings/lookup-duration.js';

/** The whole resolver timeouts that apply: 5 s, and each `options timeout:N` of a resolv.conf in the input. */
export function timeoutPeriods(report: Report): Set<number> {
  const periods = new Set([5]);
  for (const { value } of itemsOf(report, resolvConfParser))
    if (value.timeout && value.timeout > 0) periods.add(value.timeout);
  return periods;
}

/** About one or more whole resolver timeouts (5 s or a resolv.conf `timeout:N`). */
export function isWholeTimeout(seconds: number, periods: ReadonlySet<number>): boolean {
  return [...periods].some((p) => isTimeoutMultiple(seconds, p));
}

/** About an odd multiple of a retry interval (2.5 s, 7.5 s for 2.5): a stall of that interval, not a whole timeout. */
export function isFractionStall(seconds: number, period: number): boolean {
  if (seconds < period - 0.05) return false;
  const k = Math.round(seconds / period);
  if (k < 1 || k > 6) return false;
  const rest = seconds - Math.floor(seconds / period) * period;
  return rest <= Math.min(0.6, period * 0.2) || rest >= period - 0.05;
}
