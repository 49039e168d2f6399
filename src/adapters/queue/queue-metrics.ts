// Queue metrics for /metrics (prom-client), on the Registry the service passes:
//
//   netcheck_queue_jobs{queue="collect|sweep|alerts",state="waiting|active|delayed|failed"}   read from Redis per scrape
//   netcheck_collections_total{outcome="ok"}                                                 a collection posted
//   netcheck_collections_total{outcome="failed",code="node-not-found|rbac-denied|timeout|…"}  failed for good
//
// A collection counts once, when it ends: a transient failure that a retry fixes counts as ok, a job handed back by a
// shutting-down worker does not count. The gauge reads the queues' counts when Prometheus scrapes, bounded by a
// timeout: while Redis is down a scrape still answers, without the queue samples.
import type { Queue } from 'bullmq';
import { Counter, Gauge, type Registry } from 'prom-client';

export const QUEUE_JOBS_METRIC = 'netcheck_queue_jobs';
export const COLLECTIONS_METRIC = 'netcheck_collections_total';
/** The job states the gauge reports. */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** How a collection ended: posted (`ok`), or failed for good with its NodeExecError code (or `internal`). */
export type CollectionOutcome = { ok: true } | { ok: false; code: string };

/** Where the collect worker records how each collection ended. */
export interface CollectionOutcomes {
  record(outcome: CollectionOutcome): void;
}

/** The queues each registry's gauge reads, by queue name (a later registration of a name replaces the earlier). */
const sources = new WeakMap<Registry, Map<string, Queue>>();

function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error('queue counts timed out')), timeoutMs);
      timer.unref?.();
    }),
  ]).finally(() => clearTimeout(timer));
}

/** The collections counter on `registry` (one per registry, shared by every worker that registers it). */
export function collectionOutcomes(registry: Registry): CollectionOutcomes {
  const existing = registry.getSingleMetric(COLLECTIONS_METRIC);
  const counter =
    existing instanceof Counter
      ? (existing as Counter<'outcome' | 'code'>)
      : new Counter({
          name: COLLECTIONS_METRIC,
          help: 'Node collections by how they ended: ok (posted), or failed for good, by error code.',
          labelNames: ['outcome', 'code'] as const,
          registers: [registry],
        });
  return {
    record(outcome) {
      if (outcome.ok) counter.inc({ outcome: 'ok' });
      else counter.inc({ outcome: 'failed', code: outcome.code });
    },
  };
}

/**
 * Adds `queues` to the `netcheck_queue_jobs` gauge of `registry` (created on first use). Returns a function that
 * removes them again (call it before closing the queues).
 */
export function registerQueueDepths(
  registry: Registry,
  queues: readonly Queue[],
  options: { timeoutMs?: number } = {},
): () => void {
  const timeoutMs = options.timeoutMs ?? 1000;
  let byName = sources.get(registry);
  if (!byName) {
    const read = new Map<string, Queue>();
    byName = read;
    sources.set(registry, read);
    new Gauge({
      name: QUEUE_JOBS_METRIC,
      help: 'Jobs in each netcheck queue by state, read from Redis at scrape time.',
      labelNames: ['queue', 'state'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        await Promise.all(
          [...read.values()].map(async (queue) => {
            try {
              const counts = await withTimeout(
                queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed'),
                timeoutMs,
              );
              const value = (state: string) => counts[state] ?? 0;
              for (const state of QUEUE_STATES) {
                const n = state === 'waiting' ? value('waiting') + value('prioritized') : value(state);
                this.set({ queue: queue.name, state }, n);
              }
            } catch {
              // Redis unreachable: this queue has no samples in this scrape (absent, not zero).
            }
          }),
        );
      },
    });
  }
  const mine = byName;
  for (const queue of queues) mine.set(queue.name, queue);
  return () => {
    for (const queue of queues) if (mine.get(queue.name) === queue) mine.delete(queue.name);
  };
}
