// The BullMQ worker of the `collect` queue: each job runs the "collect one node" use case (src/app/collect-node.ts),
// whose outcome becomes the job's result or BullMQ error (job-failure.ts) and the collections counter.
//
//   const worker = createCollectWorker({ connection: createRedisConnection(url, { forWorker: true }), prefix,
//     concurrency: 4, executor, store, thread, jobDeadlineMs: 120_000, logger });
//   process.on('SIGTERM', () => worker.close());   // running jobs finish (bounded), the rest stay queued
//
// The job lock is sized to the deadline and renewed while the job runs; when a worker dies, another worker's stalled
// check takes its jobs over once the lock expires, and the posts' keys keep the thread free of repeats.
import { type Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { type CollectJobSummary, type CollectNodeOptions, collectNode } from '../../app/collect-node.js';
import type { JobOutcome } from '../../app/job-outcome.js';
import type { CollectionJob } from '../../app/ports/collection-queue.js';
import { ALERT_QUEUE } from './alert-queue.js';
import { COLLECT_QUEUE, SWEEP_QUEUE } from './collect-queue.js';
import { attemptOf, SHUTDOWN, settle } from './job-failure.js';
import { type CollectionOutcomes, collectionOutcomes, registerQueueDepths } from './queue-metrics.js';

export interface CollectWorkerOptions extends CollectNodeOptions {
  /** A worker connection (`createRedisConnection(url, { forWorker: true })`). Not closed by `close()`. */
  connection: Redis;
  /** @defaultValue 'netcheck' */
  prefix?: string;
  /** Jobs run at once by this worker. @defaultValue 4 */
  concurrency?: number;
  /** @defaultValue the job deadline, within 30 s – 5 min */
  lockDurationMs?: number;
  /** How often this worker looks for jobs whose worker died. @defaultValue 30 000 */
  stalledIntervalMs?: number;
  /** How long `close()` lets running jobs finish before handing them back to the queue. @defaultValue 30 000 */
  closeTimeoutMs?: number;
  /** Worker name stored on the jobs it processes. */
  name?: string;
  /**
   * Registry of the service's /metrics: the worker registers `netcheck_collections_total` and the depth gauge of the
   * collect, sweep and alerts queues (see queue-metrics.ts). No metrics without it.
   */
  registry?: Registry;
  /** A scrape's bound on reading the queue depths from Redis. @defaultValue 1000 */
  queueCountsTimeoutMs?: number;
  /** Records how each collection ended. @defaultValue the `netcheck_collections_total` counter of `registry` */
  outcomes?: CollectionOutcomes;
}

export interface CollectWorker {
  readonly worker: Worker<CollectionJob, CollectJobSummary>;
  /**
   * Stops taking jobs and waits for the running ones (at most `timeoutMs`); jobs still running then are cancelled
   * and returned to the queue (no attempt used) for another worker.
   */
  close(timeoutMs?: number): Promise<void>;
}

/** Lock long enough for the deadline (a slow diagnosis cannot lose it), short enough to recover a dead worker soon. */
export function lockDurationFor(jobDeadlineMs: number): number {
  return Math.min(Math.max(jobDeadlineMs, 30_000), 300_000);
}

/** A collection that ended for good (done, or failed with no retry to come) into the counter. */
function recordOutcome(outcomes: CollectionOutcomes | undefined, outcome: JobOutcome<CollectJobSummary>): void {
  if (outcome.kind === 'done') outcomes?.record({ ok: true });
  else if (outcome.kind === 'permanent-failure' || (outcome.kind === 'retry-later' && outcome.lastAttempt))
    outcomes?.record({ ok: false, code: outcome.code });
}

/** The depth gauge's queues on the worker's connection; returns how to take them out again. */
function queueDepths(options: CollectWorkerOptions, registry: Registry): () => Promise<void> {
  const queues = [COLLECT_QUEUE, SWEEP_QUEUE, ALERT_QUEUE].map((name) => {
    const queue = new Queue(name, { connection: options.connection, prefix: options.prefix ?? 'netcheck' });
    // Failures surface as a scrape without these samples.
    queue.on('error', () => {});
    return queue;
  });
  const unregister = registerQueueDepths(registry, queues, { timeoutMs: options.queueCountsTimeoutMs });
  return async () => {
    unregister();
    await Promise.all(queues.map((queue) => queue.close()));
  };
}

export function createCollectWorker(options: CollectWorkerOptions): CollectWorker {
  const registry = options.registry;
  const outcomes = options.outcomes ?? (registry ? collectionOutcomes(registry) : undefined);
  const worker = new Worker<CollectionJob, CollectJobSummary>(
    COLLECT_QUEUE,
    // Three parameters: BullMQ passes the abort signal (aborted only by a shutdown) to processors that declare it.
    async (job: Job<CollectionJob>, token?: string, signal?: AbortSignal) => {
      const outcome = await collectNode(options, attemptOf(job), signal);
      recordOutcome(outcomes, outcome);
      return settle(job, token, outcome);
    },
    {
      connection: options.connection,
      prefix: options.prefix ?? 'netcheck',
      concurrency: options.concurrency ?? 4,
      lockDuration: options.lockDurationMs ?? lockDurationFor(options.jobDeadlineMs ?? 120_000),
      stalledInterval: options.stalledIntervalMs ?? 30_000,
      maxStalledCount: 2,
      name: options.name,
    },
  );
  worker.on('error', (error) => options.logger.error({ err: error }, 'collect worker error'));
  const closeMetrics = registry ? queueDepths(options, registry) : async () => {};
  return {
    worker,
    async close(timeoutMs) {
      try {
        await closeWorker(worker, timeoutMs ?? options.closeTimeoutMs ?? 30_000);
      } finally {
        await closeMetrics();
      }
    },
  };
}

/** Graceful close of any of our workers (see CollectWorker.close). */
export async function closeWorker(worker: Worker, timeoutMs: number): Promise<void> {
  const closing = worker.close();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([
    closing.then(() => false),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  if (timedOut) {
    worker.cancelAllJobs(SHUTDOWN);
    await closing;
  }
}
