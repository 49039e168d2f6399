// What a slash command or a button triggers after its ack: validation before anything is queued, the thread the
// results go to (the node's open alert incident, else a new manual one), one "queued" entry per request that the jobs
// wait for, and the whole flow through a worker.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NodeExecError } from '../../src/exec/node-exec-error.js';
import type { Incident } from '../../src/incident/incident.js';
import { requestCollections, requestSweep } from '../../src/serve/request-collections.js';
import { removeTempDirs } from '../k8s/k8s-helpers.js';
import { type RedisServer, startRedis } from '../support/redis-server.js';
import { alice, closeAll, waitFor } from './queue-helpers.js';
import { type QueueWorld, startQueueWorld } from './queue-world.js';
import { manualIncident } from './recording-ports.js';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
  removeTempDirs();
});
afterEach(closeAll);

const NOW = new Date('2026-11-23T10:00:00.000Z');
const deps = (world: QueueWorld) => ({ store: world.store, thread: world.thread, queue: world.queue, now: () => NOW });
const base = { requester: alice, channel: 'C0CMD', reason: 'command' as const, cluster: 'prod-eu' };

describe('requestCollections', () => {
  it('rejects an invalid node name before anything is queued or posted', async () => {
    const world = await startQueueWorld(redis);
    const error = await requestCollections({ ...base, nodes: ['node-7', 'node-8; rm -rf /'] }, deps(world)).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NodeExecError);
    expect((error as NodeExecError).code).toBe('invalid-node-name');
    expect((await world.queue.counts()).waiting).toBe(0);
    expect(world.thread.calls).toEqual([]);
    expect(world.store.all()).toHaveLength(1);
  });

  it('opens a manual incident for nodes without an open alert and announces the jobs in one entry', async () => {
    const world = await startQueueWorld(redis);
    const result = await requestCollections({ ...base, nodes: ['node-7', 'node-8', 'node-7'] }, deps(world));
    expect(result.existing).toBe(false);
    expect(result.incident).toMatchObject({
      source: 'manual',
      title: 'Manual check: node-7, node-8',
      channel: 'C0CMD',
      cluster: 'prod-eu',
      requestedBy: alice,
      nodes: ['node-7', 'node-8'],
    });
    expect(result.incident.id).toMatch(/^man-/);
    expect(result.incident.rootTs).toBeDefined();
    expect(result.outcomes.map((o) => [o.node, o.outcome.state])).toEqual([
      ['node-7', 'queued'],
      ['node-8', 'queued'],
    ]);
    const entries = world.thread.posts(result.incident.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      method: 'postEntry',
      entry: { type: 'collection-queued', nodes: ['node-7', 'node-8'], reason: 'command', by: alice },
    });
    for (const { outcome } of result.outcomes) {
      const job = await world.queue.collect.getJob((outcome as { jobId: string }).jobId);
      expect(job?.data).toMatchObject({
        incidentId: result.incident.id,
        queuedKey: entries[0]!.key,
        requestedBy: alice,
      });
    }
  });

  it('sends a node with an open alert incident to that thread, and says when the node is already queued', async () => {
    const world = await startQueueWorld(redis);
    const alert: Incident = manualIncident('inc-abc', ['node-7'], {
      source: 'alert',
      title: 'ConntrackTableNearFull',
      updatedAt: '2026-11-23T10:01:00.000Z',
    });
    await world.store.update(alert.id, () => alert);
    const first = await requestCollections({ ...base, nodes: ['node-7'] }, deps(world));
    expect(first.existing).toBe(true);
    expect(first.incident.id).toBe('inc-abc');
    const again = await requestCollections({ ...base, nodes: ['node-7'], reason: 'rerun' }, deps(world));
    expect(again.outcomes[0]?.outcome).toEqual({
      state: 'already-queued',
      jobId: (first.outcomes[0]!.outcome as { jobId: string }).jobId,
    });
    // Nothing new was queued, so nothing new is announced.
    expect(world.thread.posts('inc-abc').filter((p) => p.method === 'postEntry')).toHaveLength(1);
  });

  it('queues a sweep once cluster-wide and announces it', async () => {
    const world = await startQueueWorld(redis);
    const sweep = await requestSweep({ requester: alice, channel: 'C0CMD', cluster: 'prod-eu' }, deps(world));
    expect(sweep.incident.title).toBe('Manual check: all nodes');
    expect(sweep.outcome.state).toBe('queued');
    const again = await requestSweep(
      { requester: alice, channel: 'C0CMD', cluster: 'prod-eu', incidentId: sweep.incident.id },
      { ...deps(world), now: () => new Date(NOW.getTime() + 5000) },
    );
    expect(again.outcome.state).toBe('already-queued');
    expect(world.thread.posts(sweep.incident.id).map((p) => p.method)).toEqual(['postEntry']);
  });

  it('runs end to end: the results of every node land in the request thread after the queued entry', async () => {
    const world = await startQueueWorld(redis);
    world.worker();
    const result = await requestCollections({ ...base, nodes: ['node-7', 'node-8'] }, deps(world));
    const jobIds = result.outcomes.map((o) => (o.outcome as { jobId: string }).jobId);
    await waitFor(
      () => jobIds.every((id) => world.thread.posts().some((p) => p.key === `evidence:${id}`)),
      10_000,
      'both results',
    );
    const keys = world.thread.posts(result.incident.id).map((p) => p.key);
    expect(keys[0]).toMatch(/^queued:r-/);
    for (const id of jobIds) expect(keys).toContain(`result:${id}`);
    expect(world.thread.repeatedKeys()).toEqual([]);
    const stored = await world.store.get(result.incident.id);
    expect(stored?.checks.map((c) => c.node).sort()).toEqual(['node-7', 'node-8']);
  });
});
