// BullMQ job ids and deduplication ids derived from a request, so that a replayed request (an alert job retried, a
// double-clicked button delivered twice) maps to the job it already created.
import { createHash } from 'node:crypto';
import type { CollectionJob } from '../../app/ports/collection-queue.js';

function digest(parts: readonly (string | undefined)[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').replace(/[-_]/g, '').slice(0, 20);
}

/** `c-<hash>` of incident, node, reason and request time: the same request gives the same id, another one a new id. */
export function collectJobId(job: CollectionJob): string {
  return `c-${digest([job.incidentId, job.node, job.reason, job.requestedAt])}`;
}

/** `s-<hash>` of incident, selector (or node list) and request time. */
export function sweepJobId(job: {
  incidentId: string;
  selector?: string;
  requestedAt: string;
  nodes?: string[];
}): string {
  const parts = [job.incidentId, job.selector, job.requestedAt];
  return `s-${digest(job.nodes ? [...parts, ...job.nodes] : parts)}`;
}

/** The deduplication id that keeps one collection per node waiting or running at a time. */
export function nodeDedupId(node: string): string {
  return `node-${node}`;
}
