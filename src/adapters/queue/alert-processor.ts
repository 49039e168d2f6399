// The processor of the `alerts` queue: a BullMQ job → processAlertDelivery (src/app/process-alert-delivery.ts) → its
// outcome in BullMQ's terms: the result; back to the delayed set without using an attempt (DelayedError); a retry with
// an attempt (the error rethrown); or no retry at all (UnrecoverableError).
import { DelayedError, UnrecoverableError } from 'bullmq';
import {
  type AlertDeliveryDeps,
  type AlertDeliveryResult,
  processAlertDelivery,
} from '../../app/process-alert-delivery.js';
import { DEFAULT_DUPLICATE_WINDOW_MS } from '../../incident/apply-delivery.js';
import { type AlertJobData, alertJobId } from './alert-queue.js';

/** The part of a BullMQ job the processor uses (tests may pass `{ data }` alone). */
export interface AlertJob {
  data: AlertJobData;
  attemptsStarted?: number;
  attemptsMade?: number;
  moveToDelayed?(timestamp: number, token?: string): Promise<void>;
}

/** The processor of the `alerts` queue (give it to createAlertWorker). */
export function createAlertProcessor(deps: AlertDeliveryDeps) {
  const windowMs = deps.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS;

  return async (job: AlertJob, token?: string): Promise<AlertDeliveryResult> => {
    const { payload, deliveryKey, receivedAt } = job.data;
    // Each time the job went back to wait, BullMQ started an attempt it did not count.
    const waits = Math.max(0, (job.attemptsStarted ?? 0) - (job.attemptsMade ?? 0) - 1);
    const key = alertJobId(deliveryKey, receivedAt, windowMs);
    const outcome = await processAlertDelivery(deps, { payload, deliveryKey, receivedAt, key, waits });
    switch (outcome.kind) {
      case 'done':
        return outcome.result;
      case 'permanent-failure':
        throw new UnrecoverableError(outcome.reason);
      case 'wait':
        // Accepted deliveries are not dropped for a condition that passes: back to the delayed set, no attempt used.
        if (!token || !job.moveToDelayed) throw outcome.error;
        await job.moveToDelayed(Date.now() + outcome.delayMs, token);
        throw new DelayedError();
      case 'failed':
        throw outcome.error;
    }
  };
}
