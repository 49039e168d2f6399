// The BullMQ worker of the `sweep` queue: each job runs the "run a sweep" use case (src/app/run-sweep.ts), whose
// outcome becomes the job's result or BullMQ error (job-failure.ts). One sweep at a time per worker (a sweep is
// itself parallel), a lock sized to a sweep's length, the same graceful close as the collection worker.
import { type Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { type RunSweepOptions, runSweep, type SweepJob, type SweepJobSummary } from '../../app/run-sweep.js';
import { SWEEP_QUEUE } from './collect-queue.js';
import { closeWorker } from './collect-worker.js';
import { attemptOf, settle } from './job-failure.js';

export interface SweepWorkerOptions extends RunSweepOptions {
  /** A worker connection (`createRedisConnection(url, { forWorker: true })`). Not closed by `close()`. */
  connection: Redis;
  /** @defaultValue 'netcheck' */
  prefix?: string;
  /** @defaultValue 5 min */
  lockDurationMs?: number;
  /** @defaultValue 30 000 */
  stalledIntervalMs?: number;
  /** @defaultValue 30 000 */
  closeTimeoutMs?: number;
}

export interface SweepWorker {
  readonly worker: Worker<SweepJob, SweepJobSummary>;
  close(timeoutMs?: number): Promise<void>;
}

export function createSweepWorker(options: SweepWorkerOptions): SweepWorker {
  const worker = new Worker<SweepJob, SweepJobSummary>(
    SWEEP_QUEUE,
    async (job: Job<SweepJob>, token?: string, signal?: AbortSignal) =>
      settle(job, token, await runSweep(options, attemptOf(job), signal)),
    {
      connection: options.connection,
      prefix: options.prefix ?? 'netcheck',
      concurrency: 1,
      lockDuration: options.lockDurationMs ?? 300_000,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
    },
  );
  worker.on('error', (error) => options.logger.error({ err: error }, 'sweep worker error'));
  return { worker, close: (timeoutMs) => closeWorker(worker, timeoutMs ?? options.closeTimeoutMs ?? 30_000) };
}
