// A use case's JobOutcome (src/app/job-outcome.ts) in BullMQ's terms: the result, the error BullMQ retries with its
// backoff, UnrecoverableError (no retry), or a hand-back (moveToDelayed + DelayedError: no attempt used).
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import type { JobAttempt, JobOutcome } from '../../app/job-outcome.js';

/** The abort reason a worker gives its running jobs when it shuts down. */
export const SHUTDOWN = 'netcheck-worker-shutdown';

/** The attempt BullMQ is running, for a use case. */
export function attemptOf<D>(job: Job<D>): JobAttempt<D> {
  return { id: job.id ?? 'unknown', data: job.data, attempt: job.attemptsMade + 1, attempts: job.opts.attempts ?? 1 };
}

/** Returns the result or throws what tells BullMQ how the job ended. */
export async function settle<T>(job: Job, token: string | undefined, outcome: JobOutcome<T>): Promise<T> {
  switch (outcome.kind) {
    case 'done':
      return outcome.result;
    case 'retry-later':
      throw outcome.error;
    case 'permanent-failure':
      throw new UnrecoverableError(outcome.reason);
    case 'handed-back':
      if (!token) throw new Error('the worker is shutting down');
      // Back to the queue for another worker; the use case's keys keep its posts from repeating.
      await job.moveToDelayed(Date.now(), token);
      throw new DelayedError();
  }
}
