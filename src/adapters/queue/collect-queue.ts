// The collection queue (CollectionQueue in src/app/ports/collection-queue.ts) on BullMQ:
//
//   const queue = createCollectQueue({ connection: createRedisConnection(url), prefix: 'netcheck' });
//   await queue.enqueue({ incidentId, node: 'node-7', reason: 'command', requestedBy, requestedAt });
//   // → { state: 'queued', jobId } | { state: 'already-queued', jobId } | { state: 'debounced', lastAt, nextAt }
//
// - The job id is a hash of the request: the same request replayed maps to the job it created (BullMQ keeps one job
//   per id).
// - One job per node at a time: BullMQ deduplication with id `node-<name>` and no ttl, held from add until the job
//   completes or finally fails (retries included); a second request meanwhile gets the first job's id back.
// - Auto-triage is debounced per node (an atomic claim in Redis, see triage-debounce.ts); manual requests are not.
// - Sweeps go to their own queue, one at a time; a sweep of every node waits or runs alone (deduplicated), a sweep of a
//   list of nodes (the auto-triage of a delivery naming many) debounces each node like a single collection.
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { CollectionJob, CollectionQueue, EnqueueOutcome } from '../../app/ports/collection-queue.js';
import type { SweepJob } from '../../app/run-sweep.js';
import { collectJobId, nodeDedupId, sweepJobId } from './job-ids.js';
import { claimTriage, releaseTriage } from './triage-debounce.js';

export const COLLECT_QUEUE = 'collect';
export const SWEEP_QUEUE = 'sweep';
/** The single deduplication id of the sweep queue: one sweep waiting or running at a time. */
export const SWEEP_DEDUP_ID = 'all-nodes';
export const DEFAULT_TRIAGE_DEBOUNCE_MS = 10 * 60 * 1000;

export interface CollectQueueOptions {
  /** A producer connection (fails fast when Redis is down): see createRedisConnection. Not closed by `close()`. */
  connection: Redis;
  /** BullMQ key prefix (`NETCHECK_REDIS_PREFIX`). @defaultValue 'netcheck' */
  prefix?: string;
  /** Auto-triage of one node at most once per window. @defaultValue 10 min */
  triageDebounceMs?: number;
  /** Attempts of a collection (transient failures are retried). @defaultValue 3 */
  attempts?: number;
  /** First retry delay; doubles each attempt. @defaultValue 5000 */
  backoffMs?: number;
  /** Finished jobs kept (status, dedup of replays): this many seconds, at most `keepCount`. @defaultValue 3600 */
  keepSeconds?: number;
  /** @defaultValue 1000 */
  keepCount?: number;
  /** @defaultValue Date.now */
  now?: () => number;
}

export interface CollectQueue extends CollectionQueue {
  readonly collect: Queue;
  readonly sweep: Queue;
  /** Closes both queues (not the connection). */
  close(): Promise<void>;
}

type Counts = Awaited<ReturnType<CollectionQueue['counts']>>;

export function createCollectQueue(options: CollectQueueOptions): CollectQueue {
  const prefix = options.prefix ?? 'netcheck';
  const now = options.now ?? Date.now;
  const windowMs = options.triageDebounceMs ?? DEFAULT_TRIAGE_DEBOUNCE_MS;
  const keep = { age: options.keepSeconds ?? 3600, count: options.keepCount ?? 1000 };
  const failedKeep = { age: Math.max(keep.age, 7 * 24 * 3600), count: keep.count };
  const queueOptions = { connection: options.connection, prefix };
  const collect = new Queue<CollectionJob>(COLLECT_QUEUE, queueOptions);
  const sweep = new Queue<SweepJob>(SWEEP_QUEUE, queueOptions);
  // Errors surface through the rejected add/count calls; without a listener EventEmitter would throw them.
  collect.on('error', () => {});
  sweep.on('error', () => {});

  const outcomeOf = (wanted: string, got: string | undefined): EnqueueOutcome =>
    got === undefined || got === wanted ? { state: 'queued', jobId: wanted } : { state: 'already-queued', jobId: got };

  return {
    collect,
    sweep,

    async enqueue(job) {
      const jobId = collectJobId(job);
      if (job.reason === 'auto-triage') {
        const at = new Date(now()).toISOString();
        const claim = await claimTriage(options.connection, prefix, job.node, { at, jobId }, windowMs);
        if (!claim.claimed) {
          const lastAt = claim.holder.at;
          return { state: 'debounced', lastAt, nextAt: new Date(Date.parse(lastAt) + windowMs).toISOString() };
        }
      }
      try {
        const added = await collect.add('collect', job, {
          jobId,
          deduplication: { id: nodeDedupId(job.node) },
          attempts: options.attempts ?? 3,
          backoff: { type: 'exponential', delay: options.backoffMs ?? 5000 },
          removeOnComplete: keep,
          removeOnFail: failedKeep,
        });
        return outcomeOf(jobId, added.id);
      } catch (error) {
        if (job.reason === 'auto-triage') {
          await releaseTriage(options.connection, prefix, job.node, jobId).catch(() => {});
        }
        throw error;
      }
    },

    async enqueueSweep(request) {
      const jobId = sweepJobId(request);
      const common = {
        jobId,
        attempts: 2,
        backoff: { type: 'exponential', delay: options.backoffMs ?? 5000 },
        removeOnComplete: keep,
        removeOnFail: failedKeep,
      };
      if (!request.nodes) {
        const added = await sweep.add('sweep', request, { ...common, deduplication: { id: SWEEP_DEDUP_ID } });
        return outcomeOf(jobId, added.id);
      }
      // A node-list sweep (auto-triage of many nodes): each node debounced as its own collection would be; the job id
      // alone dedups a replayed request.
      const wanted = [...new Set(request.nodes)];
      const nodes = request.reason === 'auto-triage' ? [] : wanted;
      let holder: { at: string } | undefined;
      if (request.reason === 'auto-triage') {
        const at = new Date(now()).toISOString();
        for (const node of wanted) {
          const claim = await claimTriage(options.connection, prefix, node, { at, jobId }, windowMs);
          if (claim.claimed) nodes.push(node);
          else holder ??= claim.holder;
        }
        if (nodes.length === 0) {
          const lastAt = holder?.at ?? at;
          return { state: 'debounced', lastAt, nextAt: new Date(Date.parse(lastAt) + windowMs).toISOString() };
        }
      }
      try {
        await sweep.add('sweep', { ...request, nodes }, common);
      } catch (error) {
        if (request.reason === 'auto-triage') {
          for (const node of nodes) await releaseTriage(options.connection, prefix, node, jobId).catch(() => {});
        }
        throw error;
      }
      return { state: 'queued', jobId, nodes };
    },

    async counts() {
      const counts = await collect.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized');
      return {
        waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
        active: counts.active ?? 0,
        delayed: counts.delayed ?? 0,
        failed: counts.failed ?? 0,
        completed: counts.completed ?? 0,
      } satisfies Counts;
    },

    async close() {
      await Promise.all([collect.close(), sweep.close()]);
    },
  };
}
