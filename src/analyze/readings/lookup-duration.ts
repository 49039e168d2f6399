// How long a DNS lookup took as its client saw it, and whether it timed out or got no reply.
import type { DnsLookup } from '../../parse/dns/dns-timing.js';

/**
 * How long a lookup took as the client saw it. For curl with a name-lookup time that succeeded, only that part
 * counts (its wall time also includes connecting and the transfer).
 */
export function lookupSeconds(lookup: DnsLookup): number | undefined {
  if (lookup.tool === 'curl' && lookup.seconds !== undefined && lookup.answered) return lookup.seconds;
  const values = [lookup.seconds, lookup.wallSeconds, lookup.queryMs === undefined ? undefined : lookup.queryMs / 1000];
  const known = values.filter((v): v is number => v !== undefined);
  return known.length === 0 ? undefined : Math.max(...known);
}

/** True when the lookup got no answer because no server replied (or the server refused). */
export function isUnreachable(lookup: DnsLookup): boolean {
  return !lookup.answered && (lookup.failure === 'unreachable' || lookup.failure === 'refused');
}

/** A duration of about one or more resolver timeouts: at least one period, at most 0.9 s past a multiple. */
export function isTimeoutMultiple(seconds: number, period: number): boolean {
  if (seconds < period - 0.1) return false;
  const rest = seconds % period;
  return rest <= 0.9 || rest >= period - 0.1;
}

export function describeLookup(lookup: DnsLookup): string {
  const what = [lookup.tool === 'unknown' ? 'lookup' : lookup.tool, lookup.name].filter(Boolean).join(' ');
  return lookup.server ? `${what} via ${lookup.server}` : what;
}
