// A sweep through the queue: the nodes listed from the fake kube-apiserver, each collected through the agent
// executor, one node failing, one hotspot message and the table as a file in the thread; an RBAC denial on the
// node list ends the sweep at once. Posted through the real thread and poster into the fake Slack.
import { describe, expect, it } from 'vitest';
import { requestSweep } from '../../../src/app/request-collections.js';
import { poll } from '../../support/poll.js';
import { alice, jobIn } from '../../support/queue-helpers.js';
import { redisForFile } from '../../support/redis-for-file.js';
import { CHANNEL, startServiceWorld } from '../../support/service-world.js';
import { track } from '../../support/track.js';

const redis = redisForFile();

describe('sweep worker', () => {
  it('sweeps every node, reports the one that failed, and posts the hotspot message and the table', async () => {
    const world = track(
      await startServiceWorld(redis, {
        cluster: {
          nodes: ['node-1', 'node-2', 'node-3', 'node-4'],
          withoutAgent: ['node-3'],
        },
      }),
    );
    await world.sweeper();
    const { incident, outcome } = await requestSweep(
      { requester: alice, channel: CHANNEL },
      { cluster: 'prod-eu', store: world.parts.store, thread: world.parts.thread, queue: world.parts.collections },
    );
    if (outcome.state !== 'queued') throw new Error(outcome.state);
    const job = await jobIn(world.parts.collections.sweep, outcome.jobId, 'completed');
    expect(job.returnvalue).toMatchObject({ nodes: 4, failed: 1 });
    await poll(() => world.view(incident).includes('file:netcheck-sweep.txt'), 5000, 'the table');
    expect(world.view(incident)).toEqual([
      expect.stringMatching(/Collection queued for all nodes \(check-all by alice\)$/),
      expect.stringMatching(/Collecting from all nodes \(agent\)$/),
      expect.stringMatching(/3 collected, 1 failed/),
      'file:netcheck-sweep.txt',
    ]);
    const text = JSON.stringify(world.messages(incident)[2]?.blocks);
    expect(text).toContain('node-3');
    expect(text).toContain('agent');
    const [table] = world.files(incident);
    expect(table?.title).toBe('Sweep of 4 nodes: hotspot table');
    for (const node of ['node-1', 'node-2', 'node-4']) expect(table?.bytes?.toString('utf8')).toContain(node);
    expect(world.root(incident).edits).toBeGreaterThanOrEqual(1);
    // Every node was exec'd into except the one without an agent.
    expect(world.api.requests.filter((r) => r.upgrade)).toHaveLength(3);
  });

  it('ends at once when the node list is denied, with a final failure entry', async () => {
    const world = track(await startServiceWorld(redis, { cluster: {} }));
    world.api.deny({ verb: 'list', resource: 'nodes' });
    await world.sweeper();
    const { incident, outcome } = await requestSweep(
      { requester: alice, channel: CHANNEL },
      { cluster: 'prod-eu', store: world.parts.store, thread: world.parts.thread, queue: world.parts.collections },
    );
    if (outcome.state !== 'queued') throw new Error(outcome.state);
    const job = await jobIn(world.parts.collections.sweep, outcome.jobId, 'failed');
    expect(job.attemptsMade).toBe(1);
    await poll(() => world.view(incident).some((line) => / failed/.test(line)), 5000, 'the failure');
    const failed = world.messages(incident).filter((m) => / failed/.test(m.text));
    expect(failed).toHaveLength(1);
    expect(failed[0]?.text).toMatch(/Collection from all nodes failed: /);
    expect(JSON.stringify(failed[0]?.blocks)).toContain('`rbac-denied`');
    expect(JSON.stringify(failed[0]?.blocks)).not.toContain('will retry');
  });
});
