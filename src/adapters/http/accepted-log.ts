// Accepted Alertmanager deliveries: every one counted in `netcheck_intake_deliveries_total{state}`, and logged one by
// one up to a rate (50 lines per 10 s): above it, a storm writes one summary line per interval instead of a line
// per delivery (each line costs the event loop as much as queuing the delivery).
import { Counter, type Registry } from 'prom-client';
import { createLogThrottle } from './log-throttle.js';

export const DELIVERIES_METRIC = 'netcheck_intake_deliveries_total';

export interface InfoLogger {
  info(obj: object, msg: string): void;
}

export interface AcceptedLogOptions {
  log?: InfoLogger;
  registry?: Registry;
  /** @defaultValue 50 */
  linesPerInterval?: number;
  /** @defaultValue 10 000 */
  intervalMs?: number;
  now?: () => number;
}

export interface AcceptedLog {
  accepted(state: 'queued' | 'duplicate', fields: object): void;
  flush(): void;
}

function deliveriesCounter(registry: Registry): Counter<'state'> {
  const existing = registry.getSingleMetric(DELIVERIES_METRIC);
  if (existing) return existing as Counter<'state'>;
  return new Counter({
    name: DELIVERIES_METRIC,
    help: 'Alertmanager deliveries answered 200, by state: queued (a new job) or duplicate (an identical one was).',
    labelNames: ['state'],
    registers: [registry],
  });
}

/** The accepted-delivery log writing to `log` and counting in `registry` (either may be absent). */
export function createAcceptedLog(options: AcceptedLogOptions = {}): AcceptedLog {
  const counter = options.registry ? deliveriesCounter(options.registry) : undefined;
  const throttle = createLogThrottle<'accepted'>({
    linesPerInterval: options.linesPerInterval ?? 50,
    intervalMs: options.intervalMs ?? 10_000,
    ...(options.now ? { now: options.now } : {}),
    summary: (_key, deliveries, seconds) =>
      options.log?.info(
        { deliveries, seconds },
        `alertmanager: ${deliveries} more deliveries accepted in the last ${seconds} s (not logged one by one; see ${DELIVERIES_METRIC})`,
      ),
  });
  return {
    accepted(state, fields) {
      counter?.inc({ state });
      if (throttle.allow('accepted')) options.log?.info({ state, ...fields }, 'alertmanager: delivery accepted');
    },
    flush: () => throttle.flush(),
  };
}
