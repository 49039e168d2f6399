// The CollectionQueue port in memory (src/app/ports/collection-queue.ts), for use-case tests: every collection and
// sweep asked for, in order, each answered `queued` with a new job id unless its node is set to be debounced.
import type { CollectionJob, CollectionQueue, EnqueueOutcome } from '../../src/app/ports/collection-queue.js';

type SweepJob = Parameters<CollectionQueue['enqueueSweep']>[0];

export class MemoryCollectionQueue implements CollectionQueue {
  readonly collections: CollectionJob[] = [];
  readonly sweeps: SweepJob[] = [];
  /** Nodes whose auto-triage answers `debounced` (checked at `lastAt`). */
  readonly debounced = new Map<string, string>();
  private jobs = 0;

  async enqueue(job: CollectionJob): Promise<EnqueueOutcome> {
    this.collections.push(structuredClone(job));
    const lastAt = job.reason === 'auto-triage' ? this.debounced.get(job.node) : undefined;
    if (lastAt) return { state: 'debounced', lastAt, nextAt: new Date(Date.parse(lastAt) + 600_000).toISOString() };
    return { state: 'queued', jobId: `c-${++this.jobs}` };
  }

  async enqueueSweep(job: SweepJob): Promise<EnqueueOutcome> {
    this.sweeps.push(structuredClone(job));
    const nodes = job.nodes?.filter((node) => !this.debounced.has(node));
    return { state: 'queued', jobId: `s-${++this.jobs}`, ...(nodes ? { nodes } : {}) };
  }

  async counts() {
    const waiting = this.collections.length + this.sweeps.length;
    return { waiting, active: 0, delayed: 0, failed: 0, completed: 0 };
  }
}
