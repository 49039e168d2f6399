// The thread reads in the order things happened, across processes, without a collection waiting for Slack: an alert
// (bot replica) auto-triages node-7, a worker (its own replica) collects it while Slack is still slowly taking the
// thread's first lines, the result is recorded, then the alert resolves: "resolved" comes after the result, and
// "queued", "Collecting" and the result keep their order.
import { expect, it } from 'vitest';
import { incidentId } from '../../../src/alerts/delivery-key.js';
import { fixture, onlyAlerts, resolveAlerts } from '../../fixtures/alertmanager/fixtures.js';
import { poll } from '../../support/poll.js';
import { redisForFile } from '../../support/redis-for-file.js';
import { deliveryJob, startServiceWorld } from '../../support/service-world.js';
import { track } from '../../support/track.js';

const redis = redisForFile();

it('keeps causal order across processes while the collection runs ahead of a slow Slack', async () => {
  const world = track(await startServiceWorld(redis, { cluster: { nodes: ['node-7', 'node-9'] } }));
  // The bot that processes the alert: a process of its own, as the worker is.
  const bot = await world.replica();
  const process = bot.process;
  const firing = onlyAlerts(fixture('conntrack-firing'), [0]);
  const id = incidentId('prod', firing.groupKey);
  await world.worker();
  // Slack takes 1.5 s to answer each chat.postMessage.
  world.slack.failNext('chat.postMessage', { delayMs: 1500, times: 1000 });

  const fired = process(deliveryJob(firing, new Date().toISOString()));
  await poll(() => world.api.requests.some((r) => r.upgrade), 15_000, 'the exec on node-7');
  // The collection runs while its "Collecting" line still waits for its turn in Slack.
  expect(world.slack.workspace.messages.filter((m) => /Collecting from/.test(m.text))).toEqual([]);
  const [collectJob] = await world.parts.collections.collect.getJobs(['active', 'waiting', 'completed']);
  const jobId = collectJob?.id ?? '';
  expect(collectJob?.data.node).toBe('node-7');

  // The result is in the thread's log before the alert resolves.
  await poll(() => bot.thread.recorded(id, `result:${jobId}`), 20_000, 'the result to be recorded');
  const resolved = process(deliveryJob(resolveAlerts(firing, [0], new Date().toISOString()), new Date().toISOString()));
  await Promise.all([fired, resolved]);
  await poll(
    async () => (await world.parts.collections.collect.getJobState(jobId)) === 'completed',
    30_000,
    'the collection',
  );

  const incident = await world.parts.store.get(id);
  if (!incident) throw new Error('the incident is gone');
  expect(world.view(incident)).toEqual([
    expect.stringMatching(/Fired: 1 alert$/),
    expect.stringMatching(/Collection queued for node-7 \(auto-triage\)$/),
    expect.stringMatching(/Collecting from node-7 \(agent\)$/),
    expect.stringMatching(/^node-7: /),
    'file:netcheck-node-7.txt',
    'file:netcheck-node-7-raw.txt',
    expect.stringMatching(/Resolved$/),
  ]);
}, 90_000);
