// The `alerts` queue on BullMQ: the Alertmanager route adds one job per delivery and answers 200 only once `add`
// resolved; a worker applies it to the incident (alert-processor.ts, the use case src/app/process-alert-delivery.ts).
//
//   const alerts = createAlertQueue(createRedisConnection(url), prefix);
//   await alerts.add(payload, { deliveryKey: deliveryKey(cluster, payload), receivedAt });   // → queued | duplicate
//   const worker = createAlertWorker(createRedisConnection(url, { forWorker: true }), prefix, createAlertProcessor(deps));
//
// Job id = the delivery key plus the duplicate window it arrived in: identical deliveries of HA peers and
// Alertmanager retries within the window collapse into one job (BullMQ keeps one job per id), while a
// `repeat_interval` re-send (hours later) gets a new job and becomes "still firing". The incident state is the
// second line of defence: a duplicate that still gets through (a window boundary) changes nothing.
import { randomUUID } from 'node:crypto';
import { type Processor, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AlertmanagerPayload } from '../../alerts/alertmanager-payload.js';
import type { DeliveryQueue } from '../../app/ports/delivery-queue.js';
import { DEFAULT_DUPLICATE_WINDOW_MS } from '../../incident/apply-delivery.js';
import { type ItemOutcome, microBatch } from './micro-batch.js';

export const ALERT_QUEUE = 'alerts';

/** A delivery as a job's data. */
export interface AlertJobData {
  payload: AlertmanagerPayload;
  deliveryKey: string;
  /** When the route accepted it (ISO 8601): the time the incident records, whenever the job runs. */
  receivedAt: string;
  /** Tells this add apart from an earlier identical one (for the `duplicate` answer). */
  nonce: string;
}

export interface AlertQueueOptions {
  /** @defaultValue 5 */
  attempts?: number;
  /** First retry delay (exponential). @defaultValue 2000 */
  backoffMs?: number;
  /** Completed jobs kept for dedup: seconds. @defaultValue 3600 */
  keepSeconds?: number;
  /** HA duplicates arriving within this window share a job. @defaultValue 2 min */
  duplicateWindowMs?: number;
}

/** The DeliveryQueue port on BullMQ. */
export interface AlertQueue extends DeliveryQueue {
  readonly queue: Queue<AlertJobData>;
  /** Closes the queue (not the connection). */
  close(): Promise<void>;
}

/** The job id of a delivery: its key and the duplicate window it arrived in (no `:`, which BullMQ refuses). */
export function alertJobId(deliveryKey: string, receivedAt: string, windowMs: number): string {
  const ms = Date.parse(receivedAt);
  return `am-${deliveryKey}-${windowMs > 0 ? Math.floor(ms / windowMs) : ms}`;
}

/** The key that records which add of a job id came first (the others answer `duplicate`): `<prefix>:accepted:<id>`. */
export function acceptedKey(prefix: string, jobId: string): string {
  return `${prefix}:accepted:${jobId}`;
}

interface PendingAdd {
  jobId: string;
  data: AlertJobData;
}

/**
 * Records the first add of each job id (`SET NX` with a TTL) for a whole batch in one command: 1 where this add came
 * first, 0 for a duplicate.
 */
const RECORD_ACCEPTED = `local first = {}
for i, key in ipairs(KEYS) do
  first[i] = redis.call('SET', key, ARGV[i + 1], 'NX', 'EX', ARGV[1]) and 1 or 0
end
return first`;

/**
 * The `alerts` queue under `prefix` on a producer connection (not closed by `close()`).
 *
 * Adds made during one turn of the event loop go to Redis in one write: the connection's socket is corked while the
 * batch's commands are issued (one script recording which add of each job id came first, then BullMQ's add of each
 * job) and uncorked once they all are. One round trip per batch instead of two per delivery (an add, then reading
 * the stored job back): on a small machine each system call costs about as much as a delivery's own work. `add`
 * resolves only once its own job is stored; a job Redis refuses fails alone.
 */
export function createAlertQueue(connection: Redis, prefix: string, options: AlertQueueOptions = {}): AlertQueue {
  const queue = new Queue<AlertJobData>(ALERT_QUEUE, { connection, prefix });
  queue.on('error', () => {});
  const windowMs = options.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS;
  const keepSeconds = options.keepSeconds ?? 3600;
  // A job id recurs only within its duplicate window; a minute more covers late retries of the same add.
  const acceptedSeconds = Math.ceil(windowMs / 1000) + 60;
  const jobOptions = (jobId: string) => ({
    jobId,
    attempts: options.attempts ?? 5,
    backoff: { type: 'exponential', delay: options.backoffMs ?? 2000 },
    removeOnComplete: { age: keepSeconds, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
  });

  const enqueue = microBatch<PendingAdd, 'queued' | 'duplicate'>(async (adds) => {
    const keys = adds.map((add) => acceptedKey(prefix, add.jobId));
    // BullMQ writes each add a few microtasks from now; the uncork comes after them (the next check phase).
    const socket = connection.status === 'ready' ? connection.stream : undefined;
    socket?.cork();
    let recorded: Promise<number[]>;
    let added: Promise<PromiseSettledResult<unknown>[]>;
    try {
      recorded = connection.eval(
        RECORD_ACCEPTED,
        keys.length,
        ...keys,
        acceptedSeconds,
        ...adds.map((add) => add.data.nonce),
      ) as Promise<number[]>;
      added = Promise.allSettled(adds.map((add) => queue.add('delivery', add.data, jobOptions(add.jobId))));
    } finally {
      if (socket) setImmediate(() => socket.uncork());
    }
    const [first, results] = await Promise.all([recorded.catch(() => undefined), added]);
    // An add that failed after its record was made must not make its retry a "duplicate".
    const orphans = keys.filter((_, i) => results[i]?.status === 'rejected' && first?.[i] === 1);
    if (orphans.length > 0) connection.del(...orphans).catch(() => {});
    return results.map((result, i): ItemOutcome<'queued' | 'duplicate'> => {
      if (result.status === 'rejected') return { ok: false, error: result.reason };
      // Stored; when the record could not be read, it is the first add as far as anyone can tell.
      return { ok: true, value: first?.[i] === 0 ? 'duplicate' : 'queued' };
    });
  });

  return {
    queue,
    async add(payload, delivery) {
      const jobId = alertJobId(delivery.deliveryKey, delivery.receivedAt, windowMs);
      const data = { payload, deliveryKey: delivery.deliveryKey, receivedAt: delivery.receivedAt, nonce: randomUUID() };
      return { state: await enqueue({ jobId, data }), jobId };
    },
    close: () => queue.close(),
  };
}

export interface AlertWorkerOptions {
  /** Deliveries processed at once by this worker (different incidents; one incident is serialised by a lock). */
  concurrency?: number;
}

/** A BullMQ worker for the `alerts` queue on a worker connection (`forWorker: true`). Close it on shutdown. */
export function createAlertWorker(
  connection: Redis,
  prefix: string,
  processor: Processor<AlertJobData>,
  options: AlertWorkerOptions = {},
): Worker<AlertJobData> {
  const worker = new Worker<AlertJobData>(ALERT_QUEUE, processor, {
    connection,
    prefix,
    concurrency: options.concurrency ?? 4,
    // A Redis restart can let a running delivery's lock lapse; it is then run again (a replay changes nothing), not
    // failed after the first stall.
    maxStalledCount: 20,
  });
  worker.on('error', () => {});
  return worker;
}
