// What a slash command or a button triggers after its ack: validation before anything is queued, the thread the
// results go to (the node's open alert incident, else a new manual one), one "queued" entry per request that the jobs
// wait for, and the whole flow through a worker; read back from the fake Slack.
import { describe, expect, it } from 'vitest';
import { requestCollections, requestSweep } from '../../../src/app/request-collections.js';
import { NodeExecError } from '../../../src/exec/node-exec-error.js';
import type { Incident } from '../../../src/incident/incident.js';
import { poll } from '../../support/poll.js';
import { alice } from '../../support/queue-helpers.js';
import { redisForFile } from '../../support/redis-for-file.js';
import { CHANNEL, type ClusterWorld, openManualIncident, startServiceWorld } from '../../support/service-world.js';
import { track } from '../../support/track.js';

const redis = redisForFile();

const NOW = new Date('2026-11-23T10:00:00.000Z');
const deps = (world: ClusterWorld) => ({
  cluster: 'prod-eu',
  store: world.parts.store,
  thread: world.parts.thread,
  queue: world.parts.collections,
  now: () => NOW,
});
const base = { requester: alice, channel: CHANNEL, reason: 'command' as const };
/** Successful chat.postMessage calls so far (the world's own root message is one). */
const posts = (world: ClusterWorld) => world.slack.callsTo('chat.postMessage').filter((c) => c.ok).length;

describe('requestCollections', () => {
  it('rejects an invalid node name before anything is queued or posted', async () => {
    const world = track(await startServiceWorld(redis, { cluster: {} }));
    const error = await requestCollections({ ...base, nodes: ['node-7', 'node-8; rm -rf /'] }, deps(world)).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NodeExecError);
    expect((error as NodeExecError).code).toBe('invalid-node-name');
    expect((await world.parts.collections.counts()).waiting).toBe(0);
    expect(posts(world)).toBe(1);
    expect(await world.parts.store.recent(10)).toHaveLength(1);
  });

  it('opens a manual incident for nodes without an open alert and announces the jobs in one entry', async () => {
    const world = track(await startServiceWorld(redis, { cluster: {} }));
    const result = await requestCollections({ ...base, nodes: ['node-7', 'node-8', 'node-7'] }, deps(world));
    expect(result.existing).toBe(false);
    expect(result.incident).toMatchObject({
      source: 'manual',
      title: 'Manual check: node-7, node-8',
      channel: CHANNEL,
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
    // A new root message in the channel, and one entry in its thread that names the requester without a mention.
    expect(world.slack.messages(CHANNEL).map((m) => m.ts)).toEqual([world.incident.rootTs, result.incident.rootTs]);
    expect(world.view(result.incident)).toEqual([
      '2026-11-23T10:00:00.000Z Collection queued for node-7, node-8 (command by alice)',
    ]);
    expect(JSON.stringify(world.messages(result.incident)[0]?.blocks)).toContain('requested by alice with /netcheck');
    expect(world.slack.mentions()).toEqual([]);
    const keys = new Set<string>();
    for (const { outcome } of result.outcomes) {
      const job = await world.parts.collections.collect.getJob((outcome as { jobId: string }).jobId);
      expect(job?.data).toMatchObject({ incidentId: result.incident.id, requestedBy: alice });
      keys.add(job?.data.queuedKey ?? '');
    }
    // Both jobs wait for the one entry, and it is in the thread.
    expect(keys.size).toBe(1);
    expect(await world.parts.thread.posted(result.incident.id, [...keys][0] ?? '')).toBe(true);
  });

  it('sends a node with an open alert incident to that thread, and says when the node is already queued', async () => {
    const world = track(await startServiceWorld(redis, { cluster: {} }));
    // The world's own incident is manual: it does not adopt requests. An alert incident about node-7 does.
    const alert: Incident = await openManualIncident(world.parts, ['node-7'], {
      id: 'inc-abc',
      source: 'alert',
      title: 'ConntrackTableNearFull',
    });
    const first = await requestCollections({ ...base, nodes: ['node-7'] }, deps(world));
    expect(first.existing).toBe(true);
    expect(first.incident.id).toBe('inc-abc');
    expect(first.incident.rootTs).toBe(alert.rootTs);
    const again = await requestCollections({ ...base, nodes: ['node-7'], reason: 'rerun' }, deps(world));
    expect(again.outcomes[0]?.outcome).toEqual({
      state: 'already-queued',
      jobId: (first.outcomes[0]!.outcome as { jobId: string }).jobId,
    });
    // Nothing new was queued, so nothing new is announced.
    expect(world.view(alert)).toEqual([expect.stringMatching(/Collection queued for node-7 \(command by alice\)$/)]);
    // A node without an open alert incident gets a new manual thread.
    const other = await requestCollections({ ...base, nodes: ['node-8'] }, deps(world));
    expect(other.existing).toBe(false);
    expect(other.incident.id).toMatch(/^man-/);
    expect(other.incident.id).not.toBe(world.incident.id);
  });

  it('queues a sweep once cluster-wide and announces it', async () => {
    const world = track(await startServiceWorld(redis, { cluster: {} }));
    const sweep = await requestSweep({ requester: alice, channel: CHANNEL }, deps(world));
    expect(sweep.incident.title).toBe('Manual check: all nodes');
    expect(sweep.outcome.state).toBe('queued');
    const again = await requestSweep(
      { requester: alice, channel: CHANNEL, incidentId: sweep.incident.id },
      { ...deps(world), now: () => new Date(NOW.getTime() + 5000) },
    );
    expect(again.outcome.state).toBe('already-queued');
    expect(world.view(sweep.incident)).toEqual([expect.stringMatching(/Collection queued for all nodes \(check-all/)]);
  });

  it('runs end to end: the results of every node land in the request thread after the queued entry', async () => {
    const world = track(await startServiceWorld(redis, { cluster: {} }));
    await world.worker();
    const result = await requestCollections({ ...base, nodes: ['node-7', 'node-8'] }, deps(world));
    const jobIds = result.outcomes.map((o) => (o.outcome as { jobId: string }).jobId);
    expect(jobIds).toHaveLength(2);
    const view = () => world.view(result.incident);
    await poll(
      () => ['node-7', 'node-8'].every((node) => view().includes(`file:netcheck-${node}-raw.txt`)),
      10_000,
      'both results',
    );
    expect(view()[0]).toMatch(/Collection queued for node-7, node-8/);
    for (const node of ['node-7', 'node-8']) {
      expect(view().filter((line) => line.startsWith(`${node}: `))).toHaveLength(1);
      expect(view().findIndex((line) => line.includes(`Collecting from ${node}`))).toBeGreaterThan(0);
    }
    expect(view()).toHaveLength(1 + 2 * 4);
    // Nothing went to the world's own incident.
    expect(world.view()).toEqual([]);
    const stored = await world.parts.store.get(result.incident.id);
    expect(stored?.checks.map((c) => c.node).sort()).toEqual(['node-7', 'node-8']);
  });
});
