// Processing one Alertmanager delivery (a job of the `alerts` queue): under the incident's processing lock, apply
// it to the incident once (the result is recorded, so a retry replays it instead of recomputing), make sure the root
// message exists, post the new timeline entries in order, update the root in place when it changed, and start
// auto-triage collections. Every Slack post has an idempotency key: a retried job, or two replicas, never post twice.
import { UnrecoverableError } from 'bullmq';
import type { Redis } from 'ioredis';
import { type ChannelRoute, routeChannel } from '../../alerts/channel-routes.js';
import { incidentId } from '../../alerts/delivery-key.js';
import type { TriageRule } from '../../alerts/triage-rules.js';
import { applyDelivery, DEFAULT_DUPLICATE_WINDOW_MS, type DeliveryResult } from '../../incident/apply-delivery.js';
import type { Incident, TimelineEntry } from '../../incident/incident.js';
import type { CollectionQueue, EnqueueOutcome, IncidentThread } from '../../serve/ports.js';
import type { Claims } from '../redis/claims.js';
import type { RedisIncidentStore } from '../redis/incident-store.js';
import { redisKey } from '../redis/redis-connection.js';
import { withLock } from '../redis/redis-lock.js';
import { type AlertJobData, alertJobId } from './alert-queue.js';

export interface AlertProcessorDeps {
  /** For the processing lock. */
  redis: Redis;
  prefix: string;
  store: RedisIncidentStore;
  thread: IncidentThread;
  claims: Claims;
  collections: CollectionQueue;
  cluster: string;
  /** NETCHECK_CHANNEL. */
  defaultChannel: string;
  routes?: readonly ChannelRoute[];
  /** Default DEFAULT_TRIAGE_ALERTS. */
  triageRules?: readonly TriageRule[];
  /** @defaultValue 2 min */
  duplicateWindowMs?: number;
}

/** What a processed delivery did, as the job's return value (shown by BullMQ tooling and logged). */
export interface AlertJobResult {
  incidentId: string;
  entries: string[];
  rootUpdated: boolean;
  triage: { node: string; state: EnqueueOutcome['state'] }[];
}

type Recorded = Pick<DeliveryResult, 'entries' | 'rootChanged' | 'triage'>;

/** Whether retrying cannot help (a permanent Slack error such as channel_not_found or invalid_auth). */
function permanent(error: unknown): boolean {
  return error instanceof Error && error.name === 'SlackPermanentError';
}

async function triageOne(
  deps: AlertProcessorDeps,
  incident: Incident,
  jobKey: string,
  request: Recorded['triage'][number],
  receivedAt: string,
): Promise<EnqueueOutcome> {
  // The queue debounces per node at enqueue time, so a retried job must reuse the first answer, not ask again.
  const answer = await deps.claims.remember(`triage:${jobKey}:${request.node}`, async () =>
    JSON.stringify(
      await deps.collections.enqueue({
        incidentId: incident.id,
        node: request.node,
        reason: 'auto-triage',
        alertLabels: request.labels,
        requestedAt: receivedAt,
      }),
    ),
  );
  const outcome = JSON.parse(answer) as EnqueueOutcome;
  if (outcome.state === 'debounced') {
    const entry: TimelineEntry = {
      type: 'collection-debounced',
      at: receivedAt,
      node: request.node,
      lastAt: outcome.lastAt,
      nextAt: outcome.nextAt,
    };
    await deps.thread.postEntry(incident, `debounced:${request.node}:${outcome.lastAt}`, entry);
  } else {
    const entry: TimelineEntry = {
      type: 'collection-queued',
      at: receivedAt,
      nodes: [request.node],
      reason: 'auto-triage',
    };
    await deps.thread.postEntry(incident, `queued:${outcome.jobId}`, entry);
  }
  return outcome;
}

/** The processor of the `alerts` queue (give it to createAlertWorker). */
export function createAlertProcessor(deps: AlertProcessorDeps) {
  const windowMs = deps.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS;
  return async (job: { data: AlertJobData }): Promise<AlertJobResult> => {
    const { payload, deliveryKey, receivedAt } = job.data;
    const id = incidentId(deps.cluster, payload.groupKey);
    // The delivery as one job: HA duplicates within the window share it, a repeat re-send hours later does not.
    const jobKey = alertJobId(deliveryKey, receivedAt, windowMs);
    const channel = routeChannel(
      deps.routes ?? [],
      { ...payload.commonLabels, ...payload.groupLabels },
      deps.defaultChannel,
    );
    const lockKey = redisKey(deps.prefix, 'lock', 'alert', id);
    try {
      return await withLock(deps.redis, lockKey, async () => {
        const recorded = await deps.store.applyOnce<Recorded>(id, jobKey, (current) => {
          const result = applyDelivery(current, payload, {
            cluster: deps.cluster,
            channel,
            now: receivedAt,
            duplicateWindowMs: windowMs,
            ...(deps.triageRules ? { triageRules: deps.triageRules } : {}),
          });
          const record = { entries: result.entries, rootChanged: result.rootChanged, triage: result.triage };
          return result.changed ? { incident: result.incident, result: record } : { result: record };
        });
        const stored = await deps.store.get(id);
        const done: AlertJobResult = { incidentId: id, entries: [], rootUpdated: false, triage: [] };
        if (!stored) return done;
        const incident = await deps.thread.ensureRoot(stored);
        for (const { key, entry } of recorded.entries) {
          await deps.thread.postEntry(incident, key, entry);
          done.entries.push(key);
        }
        if (recorded.rootChanged) {
          // The thread already says what changed; a root Slack will not let us edit (deleted, edit window closed)
          // must not stop the triage below, nor be retried.
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
        for (const request of recorded.triage) {
          const outcome = await triageOne(deps, incident, jobKey, request, receivedAt);
          done.triage.push({ node: request.node, state: outcome.state });
        }
        return done;
      });
    } catch (error) {
      if (permanent(error)) throw new UnrecoverableError((error as Error).message);
      throw error;
    }
  };
}
