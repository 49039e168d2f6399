// The CollectionQueue port in memory (src/app/ports/collection-queue.ts), for use-case tests: every collection and
// sweep asked for, in order, answered as the BullMQ queue answers (test/support/collection-queue-contract.ts).
import type { CollectionJob, CollectionQueue, EnqueueOutcome } from '../../src/app/ports/collection-queue.js';

type SweepJob = Parameters<CollectionQueue['enqueueSweep']>[0];

export interface MemoryCollectionQueueOptions {
  /** Auto-triage of one node at most once per window. @defaultValue 10 min, as the BullMQ queue */
  triageDebounceMs?: number;
  /** @defaultValue Date.now */
  now?: () => number;
}

/**
 * Like the BullMQ queue: a job id per request (a replay gets its job back), one job per node and one sweep of every
 * node until `remove` ends them, auto-triage debounced per node. No worker runs the jobs.
 */
export class MemoryCollectionQueue implements CollectionQueue {
  /** Every collection asked for, in order (replays and refused ones included). */
  readonly collections: CollectionJob[] = [];
  /** Every sweep asked for, in order. */
  readonly sweeps: SweepJob[] = [];
  /** Nodes whose auto-triage window is already held, as if triaged at the given time. */
  readonly debounced = new Map<string, string>();
  private readonly ids = new Map<string, string>();
  /** Waiting collection job id by node. */
  private readonly nodeJobs = new Map<string, string>();
  private sweepAll: string | undefined;
  private readonly claims = new Map<string, { at: string; jobId: string; until: number }>();
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(options: MemoryCollectionQueueOptions = {}) {
    this.windowMs = options.triageDebounceMs ?? 10 * 60 * 1000;
    this.now = options.now ?? Date.now;
  }

  /** Ends a job (a worker finished it): its node, or the sweep of every node, can be queued again. */
  remove(jobId: string): void {
    for (const [node, id] of this.nodeJobs) if (id === jobId) this.nodeJobs.delete(node);
    if (this.sweepAll === jobId) this.sweepAll = undefined;
  }

  async enqueue(job: CollectionJob): Promise<EnqueueOutcome> {
    this.collections.push(structuredClone(job));
    const jobId = this.idOf('c', [job.incidentId, job.node, job.reason, job.requestedAt]);
    if (job.reason === 'auto-triage') {
      const holder = this.claim(job.node, jobId);
      if (holder) return this.debounce(holder.at);
    }
    const waiting = this.nodeJobs.get(job.node);
    if (waiting !== undefined && waiting !== jobId) return { state: 'already-queued', jobId: waiting };
    this.nodeJobs.set(job.node, jobId);
    return { state: 'queued', jobId };
  }

  async enqueueSweep(job: SweepJob): Promise<EnqueueOutcome> {
    this.sweeps.push(structuredClone(job));
    const jobId = this.idOf('s', [job.incidentId, job.selector, job.requestedAt, ...(job.nodes ?? [])]);
    if (!job.nodes) {
      if (this.sweepAll !== undefined && this.sweepAll !== jobId)
        return { state: 'already-queued', jobId: this.sweepAll };
      this.sweepAll = jobId;
      return { state: 'queued', jobId };
    }
    const wanted = [...new Set(job.nodes)];
    if (job.reason !== 'auto-triage') return { state: 'queued', jobId, nodes: wanted };
    let held: { at: string } | undefined;
    const nodes: string[] = [];
    for (const node of wanted) {
      const holder = this.claim(node, jobId);
      if (holder) held ??= holder;
      else nodes.push(node);
    }
    if (nodes.length === 0) return this.debounce(held?.at ?? new Date(this.now()).toISOString());
    return { state: 'queued', jobId, nodes };
  }

  async counts() {
    return { waiting: this.nodeJobs.size, active: 0, delayed: 0, failed: 0, completed: 0 };
  }

  /** The same request gets the same id, another request a new one. */
  private idOf(kind: 'c' | 's', parts: readonly (string | undefined)[]): string {
    const key = JSON.stringify([kind, ...parts]);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = `${kind}-${this.ids.size + 1}`;
      this.ids.set(key, id);
    }
    return id;
  }

  /** Claims `node`'s auto-triage window for `jobId`; returns the other job's claim that holds it, if any. */
  private claim(node: string, jobId: string): { at: string } | undefined {
    const preset = this.debounced.get(node);
    if (preset !== undefined) return { at: preset };
    const current = this.claims.get(node);
    if (current && current.until > Date.now()) return current.jobId === jobId ? undefined : current;
    this.claims.set(node, { at: new Date(this.now()).toISOString(), jobId, until: Date.now() + this.windowMs });
    return undefined;
  }

  private debounce(lastAt: string): EnqueueOutcome {
    return { state: 'debounced', lastAt, nextAt: new Date(Date.parse(lastAt) + this.windowMs).toISOString() };
  }
}
