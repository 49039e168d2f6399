// Refused Alertmanager requests: every one counted in `netcheck_intake_refused_total{reason}`, but logged at most
// once per reason and minute with its details, plus one summary of how many followed, so a misconfigured or hostile
// sender cannot flood the log.
import { Counter, type Registry } from 'prom-client';
import { createLogThrottle } from './log-throttle.js';

/** Why a request was refused; the `reason` label of the metric. */
export type RefusalReason =
  | 'method_not_allowed'
  | 'unauthorized'
  | 'too_large'
  | 'too_deep'
  | 'invalid_json'
  | 'invalid_payload'
  | 'queue_unavailable';

export const REFUSED_METRIC = 'netcheck_intake_refused_total';

export interface WarnLogger {
  warn(obj: object, msg: string): void;
}

export interface RefusalLogOptions {
  log?: WarnLogger;
  /** Where the counter is registered (the service's `/metrics`). */
  registry?: Registry;
  /** Shortest time between two detailed lines of one reason. @defaultValue 60 000 */
  intervalMs?: number;
  /** @defaultValue Date.now */
  now?: () => number;
}

export interface RefusalLog {
  /** Counts the refusal and logs it, unless a line for `reason` was already written in this interval. */
  refused(reason: RefusalReason, fields: object, msg: string): void;
  /** Writes the pending summaries now. */
  flush(): void;
}

/** The refusal counter of `registry` (registered once, shared by every route on it). */
function refusedCounter(registry: Registry): Counter<'reason'> {
  const existing = registry.getSingleMetric(REFUSED_METRIC);
  if (existing) return existing as Counter<'reason'>;
  return new Counter({
    name: REFUSED_METRIC,
    help: 'Alertmanager requests not accepted (401, 400, 405, 413, 503), by reason.',
    labelNames: ['reason'],
    registers: [registry],
  });
}

/** A refusal log writing to `log` and counting in `registry` (either may be absent). */
export function createRefusalLog(options: RefusalLogOptions = {}): RefusalLog {
  const counter = options.registry ? refusedCounter(options.registry) : undefined;
  const throttle = createLogThrottle<RefusalReason>({
    linesPerInterval: 1,
    intervalMs: options.intervalMs ?? 60_000,
    ...(options.now ? { now: options.now } : {}),
    summary: (reason, refused, seconds) =>
      options.log?.warn(
        { reason, refused, seconds },
        `alertmanager: ${refused} more request(s) refused (${reason}) in the last ${seconds} s; each is counted in ${REFUSED_METRIC}`,
      ),
  });
  return {
    refused(reason, fields, msg) {
      counter?.inc({ reason });
      if (throttle.allow(reason)) options.log?.warn({ reason, ...fields }, msg);
    },
    flush: () => throttle.flush(),
  };
}
