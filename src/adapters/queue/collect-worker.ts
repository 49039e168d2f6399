// The BullMQ worker of the `collect` queue:
//
//   const worker = createCollectWorker({ connection: createRedisConnection(url, { forWorker: true }), prefix,
//     concurrency: 4, executor, store, thread, jobDeadlineMs: 120_000, logger });
//   process.on('SIGTERM', () => worker.close());   // running jobs finish (bounded), the rest stay queued
//
// The job lock is sized to the deadline and renewed while the job runs; when a worker dies, another worker's stalled
// check takes its jobs over once the lock expires, and the posts' keys keep the thread free of repeats.
import { type Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { CollectionJob } from '../../serve/ports.js';
import { type CollectJobSummary, type CollectProcessorOptions, createCollectProcessor } from './collect-processor.js';
import { COLLECT_QUEUE } from './collect-queue.js';
import { SHUTDOWN } from './job-failure.js';

export interface CollectWorkerOptions extends CollectProcessorOptions {
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

export function createCollectWorker(options: CollectWorkerOptions): CollectWorker {
  const processor = createCollectProcessor(options);
  const worker = new Worker<CollectionJob, CollectJobSummary>(
    COLLECT_QUEUE,
    // Three parameters: BullMQ passes the abort signal only to processors that declare it.
    (job: Job<CollectionJob>, token?: string, signal?: AbortSignal) => processor(job, token, signal),
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
  return { worker, close: (timeoutMs) => closeWorker(worker, timeoutMs ?? options.closeTimeoutMs ?? 30_000) };
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
