// The CollectionQueue port: collections and sweeps as durable, deduplicated jobs.
import type { CollectionReason, Requester } from '../../incident/incident.js';

/** A request to collect one node, as a BullMQ job's data (src/adapters/queue/). */
export interface CollectionJob {
  incidentId: string;
  node: string;
  reason: CollectionReason;
  requestedBy?: Requester;
  /** Alert labels, when auto-triaged (instance/job help the Prometheus cross-check). */
  alertLabels?: Record<string, string>;
  requestedAt: string;
  /**
   * Timeline key of the "queued" entry the job waits for before posting "started", when one entry announces several
   * jobs (a `/netcheck node-1 node-2`). @defaultValue `queued:<jobId>`
   */
  queuedKey?: string;
}

export type EnqueueOutcome =
  /** `nodes`: the nodes a node-list sweep will collect (the others were debounced). */
  | { state: 'queued'; jobId: string; nodes?: string[] }
  /** Same node already waiting or running: the existing job will answer. */
  | { state: 'already-queued'; jobId: string }
  /** Auto-triage for this node ran recently (per-node debounce). */
  | { state: 'debounced'; lastAt: string; nextAt: string };

/** The collection queue (src/adapters/queue/collect-queue.ts). */
export interface CollectionQueue {
  enqueue(job: CollectionJob): Promise<EnqueueOutcome>;
  /** A sweep of every node (or a selector), answered with one hotspot message. */
  enqueueSweep(job: {
    incidentId: string;
    requestedBy?: Requester;
    selector?: string;
    requestedAt: string;
    /** As in CollectionJob. @defaultValue `queued:<jobId>` */
    queuedKey?: string;
    /**
     * Sweep these nodes (names, or alert `instance` values matched by address) instead of every node: the auto-triage
     * of a delivery that names many nodes.
     */
    nodes?: string[];
    /** The labels of the alert behind each of `nodes`: the worker finds each node from all of them. */
    nodeLabels?: Record<string, Record<string, string>>;
    /** `auto-triage` debounces each node of `nodes` like a single collection. @defaultValue 'check-all' */
    reason?: CollectionReason;
  }): Promise<EnqueueOutcome>;
  counts(): Promise<Record<'waiting' | 'active' | 'delayed' | 'failed' | 'completed', number>>;
}
