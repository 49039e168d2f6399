// What the Slack handlers need from the rest of the service, gathered in one object by start-service.ts. Tests
// build it from the real adapters (Redis, BullMQ, the fake Slack and Alertmanager).

import type { LabelledAlert, SilenceMatcher } from '../../alerts/silence-matchers.js';
import type { AuthorizationPolicy } from '../../chatops/authorize.js';
import type { CollectionReason, Incident, Requester } from '../../incident/incident.js';
import type { PostableSilence } from '../../incident/incident-silences.js';
import type { CollectionQueue, EnqueueOutcome } from './collection-queue.js';
import type { IncidentStore } from './incident-store.js';
import type { IncidentThread } from './incident-thread.js';
import type { Logger } from './logger.js';
import type { SlackOut } from './slack-out.js';

/** A collection asked for from Slack (command or button). */
export interface CollectionRequest {
  nodes: string[];
  requester: Requester;
  /** The channel the request came from (a new manual incident's thread goes there). */
  channel: string;
  reason: Exclude<CollectionReason, 'auto-triage'>;
  /** The incident whose thread gets the results (a button on it); else the node's open incident or a new one. */
  incidentId?: string;
}

export interface SweepRequest {
  requester: Requester;
  channel: string;
  selector?: string;
  incidentId?: string;
}

/** Where the results will appear. */
export interface RequestAnswer {
  incident: Incident;
  /** True when the results go to an incident that existed before (an open alert's thread). */
  existing: boolean;
  outcomes: EnqueueOutcome[];
}

export interface BotServices {
  logger: Logger;
  cluster: string;
  access: AuthorizationPolicy;
  store: IncidentStore;
  thread: IncidentThread;
  slack: SlackOut;
  queue: CollectionQueue;
  requestCollections(request: CollectionRequest): Promise<RequestAnswer>;
  requestSweep(request: SweepRequest): Promise<RequestAnswer>;
  /** The allowed user groups (NETCHECK_ALLOWED_GROUPS) `userId` is a member of. */
  memberGroups(userId: string): Promise<string[]>;
  /** Creates an Alertmanager silence; absent without ALERTMANAGER_URL. */
  createSilence?: (silence: PostableSilence) => Promise<string>;
  /** Alertmanager's current alerts that `matchers` select (to refuse a silence broader than its incident). */
  findAlerts?: (matchers: readonly SilenceMatcher[]) => Promise<LabelledAlert[]>;
  now(): Date;
}
