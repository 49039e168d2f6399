// The sweep of a list of nodes, as the auto-triage of a delivery naming many nodes queues it: each node found from its
// scrape address (`instance`), its name or all of its alert's labels, a target no node answers to reported with its
// labels, and each node debounced like a single auto-triage collection.
import { expect, it } from 'vitest';
import { poll } from '../../support/poll.js';
import { jobIn } from '../../support/queue-helpers.js';
import { redisForFile } from '../../support/redis-for-file.js';
import { startServiceWorld } from '../../support/service-world.js';
import { track } from '../../support/track.js';

const redis = redisForFile();

it('sweeps the listed nodes by address or name, reports an unknown one, and debounces each node', async () => {
  // node-7 is 10.0.1.10, node-8 10.0.1.11, node-9 10.0.1.12.
  const world = track(await startServiceWorld(redis, { cluster: { nodes: ['node-7', 'node-8', 'node-9'] } }));
  const request = {
    incidentId: world.incident.id,
    requestedAt: '2026-12-01T10:00:00.000Z',
    reason: 'auto-triage' as const,
    nodes: ['10.0.1.10:9100', 'node-9', '10.0.1.10:9100', 'ip-10-9-9-9'],
    // The alert behind a target: its node found from every label, as a single collection finds it.
    nodeLabels: { 'ip-10-9-9-9': { nodename: 'ip-10-9-9-9', instance: '10.9.9.9:9100' } },
  };
  const outcome = await world.parts.collections.enqueueSweep(request);
  if (outcome.state !== 'queued') throw new Error(outcome.state);
  expect(outcome.nodes).toEqual(['10.0.1.10:9100', 'node-9', 'ip-10-9-9-9']);
  await world.parts.thread.postEntry(world.incident, `queued:${outcome.jobId}`, {
    type: 'collection-queued',
    at: request.requestedAt,
    nodes: outcome.nodes ?? [],
    reason: 'auto-triage',
  });
  await world.sweeper();
  const job = await jobIn(world.parts.collections.sweep, outcome.jobId, 'completed', 20_000);
  expect(job.returnvalue).toMatchObject({ nodes: 3, failed: 1 });
  await poll(() => world.view().includes('file:netcheck-sweep.txt'), 5000, 'the table');
  expect(world.view()).toEqual([
    expect.stringMatching(/Collection queued for 10\.0\.1\.10:9100, node-9, ip-10-9-9-9 \(auto-triage\)$/),
    expect.stringMatching(/Collecting from 3 nodes \(agent\)$/),
    expect.stringMatching(/2 collected, 1 failed/),
    'file:netcheck-sweep.txt',
  ]);
  // node-7 (found by its address) and node-9 were exec'd into; node-8 was not on the list.
  const execs = world.api.requests.filter((r) => r.upgrade).map((r) => r.path);
  expect(execs).toHaveLength(2);
  const table = world.files()[0]?.bytes?.toString('utf8') ?? '';
  expect(table).toContain('node-7');
  expect(table).toContain('node-9');
  expect(table).not.toContain('node-8');
  // The target no node answers to says which labels its alert had.
  expect(JSON.stringify(world.messages()[2]?.blocks)).toContain('ip-10-9-9-9');
  expect(table).toMatch(/no node matches the alert's labels nodename="ip-10-9-9-9", instance="10\.9\.9\.9:9100"/);

  // A second delivery minutes later: node-7 and node-9 were just checked, only node-8 is swept.
  const again = await world.parts.collections.enqueueSweep({
    ...request,
    requestedAt: '2026-12-01T10:03:00.000Z',
    nodes: ['10.0.1.10:9100', 'node-8', 'node-9'],
  });
  expect(again).toMatchObject({ state: 'queued', nodes: ['node-8'] });
  const none = await world.parts.collections.enqueueSweep({
    ...request,
    requestedAt: '2026-12-01T10:04:00.000Z',
    nodes: ['node-9'],
  });
  expect(none.state).toBe('debounced');
}, 60_000);
