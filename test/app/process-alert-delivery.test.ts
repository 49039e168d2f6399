// The "process an alert delivery" use case (src/app/process-alert-delivery.ts) on in-memory ports: every way a
// delivery ends (done, wait, failed, permanent failure) and what it leaves in the store, the thread and the queue.
import { describe, expect, it } from 'vitest';
import type { AlertmanagerPayload } from '../../src/alerts/alertmanager-payload.js';
import { deliveryKey, incidentId } from '../../src/alerts/delivery-key.js';
import { SlackPermanentError } from '../../src/app/ports/slack-errors.js';
import {
  type AlertDelivery,
  type AlertDeliveryDeps,
  type AlertDeliveryOutcome,
  processAlertDelivery,
} from '../../src/app/process-alert-delivery.js';
import { fixture, onlyAlerts, resolveAlerts } from '../fixtures/alertmanager/fixtures.js';
import { MemoryClaims } from '../support/memory-claims.js';
import { MemoryCollectionQueue } from '../support/memory-collection-queue.js';
import { MemoryDeliveryStore } from '../support/memory-delivery-store.js';
import { MemoryIncidentThread } from '../support/memory-incident-thread.js';
import { steppingClock } from '../support/stepping-clock.js';

const FIRED_AT = '2026-11-23T10:00:00.000Z';
const RESOLVED_AT = '2026-11-23T10:20:00.000Z';
const firing = fixture('conntrack-firing');
const id = incidentId('prod', firing.groupKey);

/** A Redis failure as ioredis reports it while the server restarts. */
const redisDown = () => new Error('Connection is closed.');

function setUp(extra: Partial<AlertDeliveryDeps> = {}) {
  const store = new MemoryDeliveryStore();
  const thread = new MemoryIncidentThread();
  const claims = new MemoryClaims();
  const collections = new MemoryCollectionQueue();
  const deps: AlertDeliveryDeps = {
    store,
    thread,
    claims,
    collections,
    isTransient: (error) => error instanceof Error && error.message === redisDown().message,
    clock: steppingClock('2026-11-23T10:00:01.000Z', 0),
    cluster: 'prod',
    defaultChannel: 'C0INCIDENTS',
    ...extra,
  };
  const delivery = (payload: AlertmanagerPayload, receivedAt: string, waits = 0): AlertDelivery => ({
    payload,
    deliveryKey: deliveryKey('prod', payload),
    receivedAt,
    key: `am-${deliveryKey('prod', payload)}-${receivedAt}`,
    waits,
  });
  return { store, thread, claims, collections, deps, delivery };
}

function done(outcome: AlertDeliveryOutcome) {
  if (outcome.kind !== 'done') throw new Error(`expected done, got ${outcome.kind}`);
  return outcome.result;
}

describe('processAlertDelivery', () => {
  it('opens the incident, posts its root, records its lines and auto-triages each node once', async () => {
    const { store, thread, collections, deps, delivery } = setUp();
    const result = done(await processAlertDelivery(deps, delivery(firing, FIRED_AT)));

    expect(result.incidentId).toBe(id);
    expect(result.triage).toEqual([
      { node: 'node-7', state: 'queued' },
      { node: 'node-9', state: 'queued' },
    ]);
    expect((await store.get(id))?.status).toBe('firing');
    expect(thread.roots.get(id)?.status).toBe('firing');
    expect(thread.keys(id)).toEqual([...result.entries, 'queued:c-1', 'queued:c-2']);
    expect(collections.collections.map((c) => [c.node, c.reason, c.requestedAt])).toEqual([
      ['node-7', 'auto-triage', FIRED_AT],
      ['node-9', 'auto-triage', FIRED_AT],
    ]);
  });

  it('replays a retried delivery: no second triage, no line twice', async () => {
    const { thread, collections, deps, delivery } = setUp();
    const first = done(await processAlertDelivery(deps, delivery(firing, FIRED_AT)));
    const again = done(await processAlertDelivery(deps, delivery(firing, FIRED_AT, 2)));

    expect(again).toEqual(first);
    expect(collections.collections).toHaveLength(2);
    expect(thread.keys(id)).toEqual([...first.entries, 'queued:c-1', 'queued:c-2']);
  });

  it('updates the root in place when the incident resolves', async () => {
    const { store, thread, deps, delivery } = setUp();
    done(await processAlertDelivery(deps, delivery(firing, FIRED_AT)));
    const resolved = done(
      await processAlertDelivery(deps, delivery(resolveAlerts(firing, [0, 1], RESOLVED_AT), RESOLVED_AT)),
    );

    expect(resolved.rootUpdated).toBe(true);
    expect((await store.get(id))?.status).toBe('resolved');
    expect(thread.roots.get(id)?.status).toBe('resolved');
  });

  it('says in the thread that a recently checked node is not checked again', async () => {
    const { thread, collections, deps, delivery } = setUp();
    collections.debounced.set('node-7', '2026-11-23T09:55:00.000Z');
    const result = done(await processAlertDelivery(deps, delivery(onlyAlerts(firing, [0]), FIRED_AT)));

    expect(result.triage).toEqual([{ node: 'node-7', state: 'debounced' }]);
    expect(thread.keys(id)).toEqual([...result.entries, 'debounced:node-7:2026-11-23T09:55:00.000Z']);
  });

  it('triages more nodes than triageMaxNodes as one sweep of those nodes', async () => {
    const { thread, collections, deps, delivery } = setUp({ triageMaxNodes: 1 });
    const result = done(await processAlertDelivery(deps, delivery(firing, FIRED_AT)));

    expect(collections.collections).toEqual([]);
    expect(collections.sweeps.map((s) => [s.nodes, s.reason])).toEqual([[['node-7', 'node-9'], 'auto-triage']]);
    expect(thread.keys(id)).toEqual([...result.entries, 'queued:s-1']);
  });

  it('waits, without failing, while Redis is down, twice as long each time up to a minute', async () => {
    const { thread, deps, delivery } = setUp();
    thread.failWith('record', redisDown());
    const delays = [];
    for (const waits of [0, 1, 3, 12]) {
      const outcome = await processAlertDelivery(deps, delivery(firing, FIRED_AT, waits));
      if (outcome.kind !== 'wait') throw new Error(`expected wait, got ${outcome.kind}`);
      expect(outcome.error.message).toBe(redisDown().message);
      delays.push(outcome.delayMs);
    }
    // Each delay is the base doubled per wait, plus up to half of it again (jitter).
    for (const [i, base] of [1000, 2000, 8000, 60_000].entries()) {
      expect(delays[i]).toBeGreaterThanOrEqual(base);
      expect(delays[i]).toBeLessThanOrEqual(base * 1.5);
    }
  });

  it('waits for a busy incident lock, a pending claim or a busy thread the same way', async () => {
    for (const name of ['LockTimeoutError', 'ClaimBusyError', 'ThreadBusyError', 'SlackUnavailableError']) {
      const { thread, deps, delivery } = setUp();
      thread.failWith('record', Object.assign(new Error('busy'), { name }));
      expect((await processAlertDelivery(deps, delivery(firing, FIRED_AT))).kind).toBe('wait');
    }
  });

  it('fails like any error once it has waited longer than maxWaitMs since it arrived', async () => {
    const { thread, deps, delivery } = setUp({
      maxWaitMs: 3600_000,
      clock: steppingClock('2026-11-23T11:00:01.000Z', 0),
    });
    thread.failWith('record', redisDown());
    const outcome = await processAlertDelivery(deps, delivery(firing, FIRED_AT));
    expect(outcome).toMatchObject({ kind: 'failed', error: { message: redisDown().message } });
  });

  it('fails (the queue retries it with an attempt) on an error that does not pass by itself', async () => {
    const { thread, deps, delivery } = setUp();
    thread.failWith('record', new TypeError('a bug'), 1);
    expect(await processAlertDelivery(deps, delivery(firing, FIRED_AT))).toMatchObject({
      kind: 'failed',
      error: { message: 'a bug' },
    });
    // The retry replays what the first attempt applied and records the lines it could not.
    const result = done(await processAlertDelivery(deps, delivery(firing, FIRED_AT)));
    expect(thread.keys(id)).toEqual([...result.entries, 'queued:c-1', 'queued:c-2']);
  });

  it('gives up at once when Slack refuses for good', async () => {
    const { thread, deps, delivery } = setUp();
    thread.failWith('record', new SlackPermanentError('channel_not_found', 'chat.postMessage', 'C0INCIDENTS'));
    const outcome = await processAlertDelivery(deps, delivery(firing, FIRED_AT));
    expect(outcome).toMatchObject({ kind: 'permanent-failure', reason: expect.stringMatching(/channel_not_found/) });
  });

  it('finishes the delivery when Slack will not let the root be edited', async () => {
    const { thread, deps, delivery } = setUp();
    done(await processAlertDelivery(deps, delivery(firing, FIRED_AT)));
    thread.failWith('updateRoot', new SlackPermanentError('edit_window_closed', 'chat.update', 'C0INCIDENTS'));
    const resolved = done(
      await processAlertDelivery(deps, delivery(resolveAlerts(firing, [0, 1], RESOLVED_AT), RESOLVED_AT)),
    );
    expect(resolved.rootUpdated).toBe(false);
    expect(resolved.entries.length).toBeGreaterThan(0);
  });
});
