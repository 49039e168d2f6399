// A sweep through the queue: the nodes listed from the fake kube-apiserver, each collected through the agent
// executor, one node failing, one hotspot message and the table as a file in the thread; an RBAC denial on the
// node list ends the sweep at once.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listNodes } from '../../src/adapters/k8s/list-nodes.js';
import { createSweepWorker } from '../../src/adapters/queue/sweep-worker.js';
import { requestSweep } from '../../src/serve/request-collections.js';
import { removeTempDirs } from '../k8s/k8s-helpers.js';
import { type RedisServer, startRedis } from '../support/redis-server.js';
import { alice, closeAll, jobIn, track, workerConnection } from './queue-helpers.js';
import { type QueueWorld, silent, startQueueWorld } from './queue-world.js';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
  removeTempDirs();
});
afterEach(closeAll);

function sweepWorker(world: QueueWorld) {
  return track(
    createSweepWorker({
      connection: workerConnection(redis.url),
      prefix: world.prefix,
      executor: world.executor,
      listNodes: (selector, signal) => listNodes(world.client, { labelSelector: selector, signal }),
      store: world.store,
      thread: world.thread,
      logger: silent,
      concurrency: 3,
      deadlineSeconds: 10,
      interval: 1,
      queuedWaitMs: 2000,
    }),
  );
}

describe('sweep worker', () => {
  it('sweeps every node, reports the one that failed, and posts the hotspot message and the table', async () => {
    const world = await startQueueWorld(redis, {
      nodes: ['node-1', 'node-2', 'node-3', 'node-4'],
      withoutAgent: ['node-3'],
    });
    sweepWorker(world);
    const { incident, outcome } = await requestSweep(
      { requester: alice, channel: 'C0CMD', cluster: 'prod-eu' },
      { store: world.store, thread: world.thread, queue: world.queue },
    );
    if (outcome.state !== 'queued') throw new Error(outcome.state);
    const job = await jobIn(world.queue.sweep, outcome.jobId, 'completed');
    expect(job.returnvalue).toMatchObject({ nodes: 4, failed: 1 });
    const posts = world.thread.posts(incident.id);
    expect(posts.map((p) => p.key)).toEqual([
      expect.stringMatching(/^queued:r-/),
      `started:${outcome.jobId}`,
      `sweep:${outcome.jobId}`,
      `sweep-table:${outcome.jobId}`,
    ]);
    const message = posts[2]!;
    if (message.method !== 'postMessage') throw new Error('expected a message');
    const text = JSON.stringify(message.message.blocks);
    expect(text).toContain('node-3');
    expect(text).toContain('agent');
    const table = posts[3]!;
    if (table.method !== 'uploadFile') throw new Error('expected a file');
    for (const node of ['node-1', 'node-2', 'node-4']) expect(String(table.file.content)).toContain(node);
    // Every node was exec'd into except the one without an agent.
    expect(world.api.requests.filter((r) => r.upgrade)).toHaveLength(3);
  });

  it('ends at once when the node list is denied, with a final failure entry', async () => {
    const world = await startQueueWorld(redis);
    world.api.deny({ verb: 'list', resource: 'nodes' });
    sweepWorker(world);
    const { incident, outcome } = await requestSweep(
      { requester: alice, channel: 'C0CMD', cluster: 'prod-eu' },
      { store: world.store, thread: world.thread, queue: world.queue },
    );
    if (outcome.state !== 'queued') throw new Error(outcome.state);
    const job = await jobIn(world.queue.sweep, outcome.jobId, 'failed');
    expect(job.attemptsMade).toBe(1);
    const failed = world.thread.posts(incident.id).find((p) => p.key === `failed:${outcome.jobId}`);
    expect(failed).toMatchObject({ entry: { type: 'collection-failed', code: 'rbac-denied', final: true } });
  });
});
