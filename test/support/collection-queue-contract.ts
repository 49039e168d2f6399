// The CollectionQueue port's contract (src/app/ports/collection-queue.ts) as cases any implementation must pass: the
// BullMQ queue on a real Redis and the in-memory one run the same cases (test/adapters/queue/).
import { expect, it } from 'vitest';
import type { CollectionJob, CollectionQueue, EnqueueOutcome } from '../../src/app/ports/collection-queue.js';

/** The auto-triage debounce window every implementation under test is built with. */
export const TRIAGE_WINDOW_MS = 1500;

/** A fresh queue for one case, and a way to end one of its jobs (as a worker finishing it would). */
export type CollectionQueueWorld = () => Promise<{ queue: CollectionQueue; removeJob(jobId: string): Promise<void> }>;

const requester = { userId: 'U0ALICE', userName: 'alice' };
const job = (node: string, extra: Partial<CollectionJob> = {}): CollectionJob => ({
  incidentId: 'man-1',
  node,
  reason: 'command',
  requestedBy: requester,
  requestedAt: '2026-11-23T10:00:00.000Z',
  ...extra,
});
const triage = (node: string, requestedAt: string): CollectionJob =>
  job(node, { incidentId: 'inc-1', reason: 'auto-triage', requestedBy: undefined, requestedAt, alertLabels: { node } });

function jobIdOf(outcome: EnqueueOutcome): string {
  if (outcome.state === 'debounced') throw new Error('expected a job, got debounced');
  return outcome.jobId;
}

export function collectionQueueContract(world: CollectionQueueWorld): void {
  it('queues a job per request: the same request replayed gets the same job, another request a new one', async () => {
    const { queue, removeJob } = await world();
    const first = await queue.enqueue(job('node-7'));
    expect(first).toEqual({ state: 'queued', jobId: expect.any(String) });
    expect(await queue.enqueue(job('node-7'))).toEqual(first);
    await removeJob(jobIdOf(first));
    const next = await queue.enqueue(job('node-7', { requestedAt: '2026-11-23T10:05:00.000Z' }));
    expect(next.state).toBe('queued');
    expect(jobIdOf(next)).not.toBe(jobIdOf(first));
  });

  it('keeps one job per node: another request for a waiting node gets that job back; other nodes queue', async () => {
    const { queue } = await world();
    const first = await queue.enqueue(job('node-7'));
    const other = await queue.enqueue(job('node-7', { incidentId: 'inc-2', requestedAt: '2026-11-23T10:00:05.000Z' }));
    expect(other).toEqual({ state: 'already-queued', jobId: jobIdOf(first) });
    expect((await queue.enqueue(job('node-8'))).state).toBe('queued');
  });

  it('counts the waiting collections, one per node', async () => {
    const { queue } = await world();
    expect(await queue.counts()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0, completed: 0 });
    await queue.enqueue(job('node-7'));
    await queue.enqueue(job('node-7', { requestedAt: '2026-11-23T10:00:05.000Z' }));
    await queue.enqueue(job('node-8'));
    await queue.enqueueSweep({ incidentId: 'man-1', requestedAt: '2026-11-23T10:00:00.000Z' });
    expect(await queue.counts()).toEqual({ waiting: 2, active: 0, delayed: 0, failed: 0, completed: 0 });
  });

  it('debounces auto-triage per node within the window; not a replay, another node or a manual request', async () => {
    const { queue, removeJob } = await world();
    const before = Date.now();
    const first = await queue.enqueue(triage('node-7', '2026-11-23T10:00:00.000Z'));
    expect(first.state).toBe('queued');
    await removeJob(jobIdOf(first));
    const second = await queue.enqueue(triage('node-7', '2026-11-23T10:00:30.000Z'));
    if (second.state !== 'debounced') throw new Error(`expected debounced, got ${second.state}`);
    expect(Date.parse(second.nextAt) - Date.parse(second.lastAt)).toBe(TRIAGE_WINDOW_MS);
    expect(Date.parse(second.lastAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(second.lastAt)).toBeLessThanOrEqual(Date.now());
    // The same alert job replayed gets its own job back, not "debounced".
    expect(await queue.enqueue(triage('node-7', '2026-11-23T10:00:00.000Z'))).toEqual(first);
    await removeJob(jobIdOf(first));
    expect((await queue.enqueue(triage('node-8', '2026-11-23T10:00:30.000Z'))).state).toBe('queued');
    const manual = await queue.enqueue(job('node-7', { requestedAt: '2026-11-23T10:00:40.000Z' }));
    expect(manual.state).toBe('queued');
    await new Promise((resolve) => setTimeout(resolve, TRIAGE_WINDOW_MS + 100));
    // The window is open again; the manual job for node-7 still waits, so it answers.
    expect(await queue.enqueue(triage('node-7', '2026-11-23T10:11:00.000Z'))).toEqual({
      state: 'already-queued',
      jobId: jobIdOf(manual),
    });
  });

  it('runs one sweep of every node at a time; a replayed sweep request gets its own job', async () => {
    const { queue } = await world();
    const request = { incidentId: 'man-1', requestedBy: requester, requestedAt: '2026-11-23T10:00:00.000Z' };
    const first = await queue.enqueueSweep(request);
    expect(first).toEqual({ state: 'queued', jobId: expect.any(String) });
    expect(await queue.enqueueSweep(request)).toEqual(first);
    const second = await queue.enqueueSweep({ incidentId: 'inc-9', requestedAt: '2026-11-23T10:01:00.000Z' });
    expect(second).toEqual({ state: 'already-queued', jobId: jobIdOf(first) });
  });

  it('sweeps a list of nodes once each; an auto-triage list skips the nodes triaged within the window', async () => {
    const { queue } = await world();
    const listed = await queue.enqueueSweep({
      incidentId: 'inc-1',
      requestedAt: '2026-11-23T10:00:00.000Z',
      nodes: ['node-1', 'node-2', 'node-1'],
    });
    expect(listed).toEqual({ state: 'queued', jobId: expect.any(String), nodes: ['node-1', 'node-2'] });
    // A node list is not the sweep of every node: both wait.
    expect((await queue.enqueueSweep({ incidentId: 'man-1', requestedAt: '2026-11-23T10:00:00.000Z' })).state).toBe(
      'queued',
    );

    expect((await queue.enqueue(triage('node-7', '2026-11-23T10:00:00.000Z'))).state).toBe('queued');
    const sweep = {
      incidentId: 'inc-2',
      requestedAt: '2026-11-23T10:00:10.000Z',
      nodes: ['node-7', 'node-9'],
      reason: 'auto-triage' as const,
    };
    const triaged = await queue.enqueueSweep(sweep);
    expect(triaged).toEqual({ state: 'queued', jobId: expect.any(String), nodes: ['node-9'] });
    // Replayed, the sweep keeps its own claim on node-9.
    expect(await queue.enqueueSweep(sweep)).toEqual(triaged);
    const again = await queue.enqueueSweep({ ...sweep, requestedAt: '2026-11-23T10:00:20.000Z' });
    if (again.state !== 'debounced') throw new Error(`expected debounced, got ${again.state}`);
    expect(Date.parse(again.nextAt) - Date.parse(again.lastAt)).toBe(TRIAGE_WINDOW_MS);
  });
}
