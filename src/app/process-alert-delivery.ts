// The use case "process an Alertmanager delivery" (a job of the `alerts` queue, run by adapters/queue/alert-processor.ts):
//   1. under the incident's lock, for milliseconds whatever Slack is doing: apply it to the incident once (the result
//      is recorded, so a retry replays it instead of recomputing), queue the auto-triage it asks for (one collection
//      per node up to `triageMaxNodes`, beyond that one sweep of those nodes) and record the thread lines that say
//      so in the thread's log, so the next delivery's lines come after them;
//   2. outside any lock, make sure the root message exists and update it in place when it changed;
//   3. wait until the thread has every line of this delivery (slack-incident-thread.ts posts the log in order).
// Every line has an idempotency key: a retried job, or two replicas, never post twice. A delivery is never given up for
// want of a lock, a Redis restart or a busy thread: the outcome says to wait, and the queue puts the job back in its
// delayed set without using an attempt.
import type { AlertmanagerPayload } from '../alerts/alertmanager-payload.js';
import { type ChannelRoute, routeChannel } from '../alerts/channel-routes.js';
import { incidentId } from '../alerts/delivery-key.js';
import type { TriageRule } from '../alerts/triage-rules.js';
import {
  applyDelivery,
  DEFAULT_DUPLICATE_WINDOW_MS,
  type DeliveryResult,
  type TriageRequest,
} from '../incident/apply-delivery.js';
import type { Incident } from '../incident/incident.js';
import type { Claims } from './ports/claims.js';
import { type Clock, systemClock } from './ports/clock.js';
import type { CollectionQueue, EnqueueOutcome } from './ports/collection-queue.js';
import type { DeliveryStore } from './ports/delivery-store.js';
import type { IncidentThread, ThreadLine } from './ports/incident-thread.js';
import type { IsTransientFailure } from './ports/transient-failure.js';

/** Auto-triage of one delivery collects this many nodes one by one at most; more become one sweep of those nodes. */
export const DEFAULT_TRIAGE_MAX_NODES = 5;

export interface AlertDeliveryDeps {
  store: DeliveryStore;
  thread: IncidentThread;
  claims: Claims;
  collections: CollectionQueue;
  /** Failures of the stores that pass by themselves (a Redis restart): waited for like a busy lock. */
  isTransient: IsTransientFailure;
  /** @defaultValue systemClock */
  clock?: Clock;
  cluster: string;
  /** NETCHECK_CHANNEL. */
  defaultChannel: string;
  routes?: readonly ChannelRoute[];
  /** Default DEFAULT_TRIAGE_ALERTS. */
  triageRules?: readonly TriageRule[];
  /** @defaultValue 2 min */
  duplicateWindowMs?: number;
  /** NETCHECK_TRIAGE_MAX_NODES. @defaultValue DEFAULT_TRIAGE_MAX_NODES */
  triageMaxNodes?: number;
  /** First delay of a delivery put back to wait (Redis unreachable, a busy incident); doubles, at most 1 min. @defaultValue 1000 */
  retryDelayMs?: number;
  /** How long after its arrival a delivery may keep waiting that way before it fails like any error. @defaultValue 6 h */
  maxWaitMs?: number;
}

/** One accepted delivery, as the queue holds it. */
export interface AlertDelivery {
  payload: AlertmanagerPayload;
  deliveryKey: string;
  /** When the route accepted it (ISO 8601): the time the incident records, whenever it is processed. */
  receivedAt: string;
  /** The delivery's key in the queue: HA duplicates within the duplicate window share it (the job id). */
  key: string;
  /** How many times this delivery already went back to wait (the next wait doubles). @defaultValue 0 */
  waits?: number;
}

/** What a processed delivery did, as the job's return value (shown by BullMQ tooling and logged). */
export interface AlertDeliveryResult {
  incidentId: string;
  entries: string[];
  rootUpdated: boolean;
  triage: { node: string; state: EnqueueOutcome['state'] }[];
}

/** How processing a delivery ended. */
export type AlertDeliveryOutcome =
  | { kind: 'done'; result: AlertDeliveryResult }
  /** A condition that passes by itself (a busy lock, Redis restarting, a slow thread): try again after `delayMs`. */
  | { kind: 'wait'; delayMs: number; error: Error }
  /** A failure that may or may not pass: the queue retries after its backoff while attempts remain. */
  | { kind: 'failed'; error: unknown }
  /** A retry cannot help (a permanent Slack error such as channel_not_found or invalid_auth). */
  | { kind: 'permanent-failure'; reason: string; error: Error };

type Recorded = Pick<DeliveryResult, 'entries' | 'rootChanged' | 'triage'>;

/** Whether retrying cannot help (a permanent Slack error such as channel_not_found or invalid_auth). */
function permanent(error: unknown): error is Error {
  return error instanceof Error && error.name === 'SlackPermanentError';
}

/** Conditions that pass by themselves: wait for them without using an attempt. */
function passing(error: unknown, isTransient: IsTransientFailure): error is Error {
  if (!(error instanceof Error)) return false;
  const waits = ['LockTimeoutError', 'ClaimBusyError', 'ThreadBusyError', 'SlackUnavailableError'];
  return waits.includes(error.name) || isTransient(error);
}

/** Auto-triage of the delivery's nodes: what was queued, and the thread lines that say so. */
async function triage(
  deps: AlertDeliveryDeps,
  incident: Incident,
  jobKey: string,
  requests: readonly TriageRequest[],
  receivedAt: string,
): Promise<{ outcomes: AlertDeliveryResult['triage']; lines: ThreadLine[] }> {
  const outcomes: AlertDeliveryResult['triage'] = [];
  const lines: ThreadLine[] = [];
  // The queue debounces per node at enqueue time, so a retried job must reuse the first answer, not ask again.
  const remember = async (key: string, enqueue: () => Promise<EnqueueOutcome>) =>
    JSON.parse(
      await deps.claims.remember(`triage:${jobKey}:${key}`, async () => JSON.stringify(await enqueue())),
    ) as EnqueueOutcome;

  if (requests.length > (deps.triageMaxNodes ?? DEFAULT_TRIAGE_MAX_NODES)) {
    const wanted = requests.map((r) => r.node);
    const outcome = await remember('sweep', () =>
      deps.collections.enqueueSweep({
        incidentId: incident.id,
        requestedAt: receivedAt,
        nodes: wanted,
        nodeLabels: Object.fromEntries(requests.map((r) => [r.node, r.labels])),
        reason: 'auto-triage',
      }),
    );
    if (outcome.state === 'debounced') {
      lines.push({
        key: `debounced:sweep:${outcome.lastAt}`,
        entry: {
          type: 'note',
          at: receivedAt,
          text: `Automatic triage of ${wanted.length} nodes skipped: every one of them was checked since ${outcome.lastAt}; the next automatic check is not before ${outcome.nextAt}. Press Check all nodes to check now.`,
        },
      });
    } else {
      const queued = outcome.state === 'queued' ? (outcome.nodes ?? wanted) : wanted;
      lines.push({
        key: `queued:${outcome.jobId}`,
        entry: { type: 'collection-queued', at: receivedAt, nodes: queued, reason: 'auto-triage' },
      });
      const skipped = wanted.filter((node) => !queued.includes(node));
      if (skipped.length > 0) {
        const shown = skipped.slice(0, 10).join(', ') + (skipped.length > 10 ? ` and ${skipped.length - 10} more` : '');
        lines.push({
          key: `debounced:${outcome.jobId}`,
          entry: {
            type: 'note',
            at: receivedAt,
            text: `${skipped.length} of the ${wanted.length} nodes are left out of this sweep: automatic triage checked them recently (${shown}).`,
          },
        });
      }
    }
    for (const node of wanted) outcomes.push({ node, state: outcome.state });
    return { outcomes, lines };
  }

  for (const request of requests) {
    const outcome = await remember(request.node, () =>
      deps.collections.enqueue({
        incidentId: incident.id,
        node: request.node,
        reason: 'auto-triage',
        alertLabels: request.labels,
        requestedAt: receivedAt,
      }),
    );
    if (outcome.state === 'debounced') {
      lines.push({
        key: `debounced:${request.node}:${outcome.lastAt}`,
        entry: {
          type: 'collection-debounced',
          at: receivedAt,
          node: request.node,
          lastAt: outcome.lastAt,
          nextAt: outcome.nextAt,
        },
      });
    } else {
      lines.push({
        key: `queued:${outcome.jobId}`,
        entry: { type: 'collection-queued', at: receivedAt, nodes: [request.node], reason: 'auto-triage' },
      });
    }
    outcomes.push({ node: request.node, state: outcome.state });
  }
  return { outcomes, lines };
}

/** Applies the delivery, queues its triage, records and posts its thread lines. Throws what stopped it. */
async function applyAndPost(deps: AlertDeliveryDeps, delivery: AlertDelivery): Promise<AlertDeliveryResult> {
  const windowMs = deps.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS;
  const { payload, receivedAt } = delivery;
  const id = incidentId(deps.cluster, payload.groupKey);
  // The delivery as one job: HA duplicates within the window share it, a repeat re-send hours later does not.
  const jobKey = delivery.key;
  const channel = routeChannel(
    deps.routes ?? [],
    { ...payload.commonLabels, ...payload.groupLabels },
    deps.defaultChannel,
  );
  // 1. Under the incident's lock, for milliseconds (Redis only): the state change, the auto-triage it asks for, and
  //    the thread lines that say so, recorded in the thread's log before the next delivery's.
  const done: AlertDeliveryResult = { incidentId: id, entries: [], rootUpdated: false, triage: [] };
  let lines: ThreadLine[] = [];
  const recorded = await deps.store.applyOnce<Recorded>(
    id,
    jobKey,
    (current) => {
      const result = applyDelivery(current, payload, {
        cluster: deps.cluster,
        channel,
        now: receivedAt,
        duplicateWindowMs: windowMs,
        ...(deps.triageRules ? { triageRules: deps.triageRules } : {}),
      });
      const record = { entries: result.entries, rootChanged: result.rootChanged, triage: result.triage };
      return result.changed ? { incident: result.incident, result: record } : { result: record };
    },
    async (result, incident) => {
      if (!incident) return;
      const triaged = await triage(deps, incident, jobKey, result.triage, receivedAt);
      lines = [...result.entries.map(({ key, entry }) => ({ key, entry })), ...triaged.lines];
      await deps.thread.record(incident, lines);
      done.triage = triaged.outcomes;
    },
  );
  done.entries = recorded.entries.map((e) => e.key);
  const stored = await deps.store.get(id);
  if (!stored) return done;

  // 2. Slack, outside the lock: the root message, and its update when the delivery changed what it shows.
  const incident = await deps.thread.ensureRoot(stored);
  if (recorded.rootChanged) {
    // The thread already says what changed; a root Slack will not let us edit (deleted, edit window closed) must
    // not stop the delivery, nor be retried.
    const { value } = await deps.claims.once(`${id}:root-update:${jobKey}`, () =>
      deps.thread.updateRoot(incident).then(
        () => 'updated',
        (error: unknown) => {
          if (permanent(error)) return 'refused';
          throw error;
        },
      ),
    );
    done.rootUpdated = value === 'updated';
  }

  // 3. Done once the thread has every line of this delivery.
  const last = lines.at(-1);
  if (last) await deps.thread.flush(id, last.key);
  return done;
}

/**
 * Processes one delivery: done, wait (a condition that passes: the delay doubles with each wait, at most 1 min, until
 * `maxWaitMs` after its arrival), failed (retried with an attempt) or a permanent failure.
 */
export async function processAlertDelivery(
  deps: AlertDeliveryDeps,
  delivery: AlertDelivery,
): Promise<AlertDeliveryOutcome> {
  try {
    return { kind: 'done', result: await applyAndPost(deps, delivery) };
  } catch (error) {
    if (permanent(error)) return { kind: 'permanent-failure', reason: error.message, error };
    const age = (deps.clock ?? systemClock).now().getTime() - Date.parse(delivery.receivedAt);
    if (passing(error, deps.isTransient) && !(age > (deps.maxWaitMs ?? 6 * 3600_000))) {
      const waits = delivery.waits ?? 0;
      const delay = Math.min((deps.retryDelayMs ?? 1000) * 2 ** Math.min(waits, 10), 60_000);
      return { kind: 'wait', delayMs: delay * (1 + Math.random() / 2), error };
    }
    return { kind: 'failed', error };
  }
}
