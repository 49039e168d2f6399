// The DeliveryQueue port: Alertmanager deliveries kept durably until they are processed, identical deliveries (HA
// peers, Alertmanager's retries) within the duplicate window collapsed into one.
import type { AlertmanagerPayload } from '../../alerts/alertmanager-payload.js';

/** Where the intake puts each accepted delivery (src/adapters/queue/alert-queue.ts). */
export interface DeliveryQueue {
  /** Adds the delivery durably; `duplicate` when an identical delivery already made the job. */
  add(
    payload: AlertmanagerPayload,
    delivery: { deliveryKey: string; receivedAt: string },
  ): Promise<{ state: 'queued' | 'duplicate'; jobId: string }>;
}
