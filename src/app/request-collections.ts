// What a slash command or a button does after its ack: find the thread the results go to, queue the collections,
// and say so in the thread.
//
//   const { incident, outcomes } = await requestCollections(
//     { nodes: ['node-7'], requester, channel: 'C0INC', reason: 'command' },
//     { store, thread, queue, cluster: 'prod-eu', now: () => new Date() });
//   // incident: where the results appear (the node's open alert incident, else a new manual one)
//
// Nodes (names or addresses) are validated first: an invalid one throws `invalid-node-name` (a NodeExecError with a
// hint for the user) and nothing is queued. One "collection-queued" entry announces the jobs of one request in one
// thread, under a key every job of the request waits for (CollectionJob.queuedKey).
import { createHash, randomUUID } from 'node:crypto';
import { parseNodeInput } from '../exec/resolve-node.js';
import type { CollectionReason, Incident, Requester } from '../incident/incident.js';
import type { CollectionQueue, EnqueueOutcome } from './ports/collection-queue.js';
import type { IncidentStore } from './ports/incident-store.js';
import type { IncidentThread } from './ports/incident-thread.js';

/** A collection asked for from Slack (the slash command, a button). */
export interface CollectionRequest {
  nodes: readonly string[];
  requester: Requester;
  /** Channel of a new manual incident (the command's channel, or the default incident channel). */
  channel: string;
  reason: Exclude<CollectionReason, 'auto-triage'>;
  /** Post into this incident (a button under its thread) instead of looking one up per node. */
  incidentId?: string;
}

export interface RequestDeps {
  /** The cluster this service watches (a new manual incident's). */
  cluster: string;
  store: IncidentStore;
  thread: IncidentThread;
  queue: CollectionQueue;
  /** @defaultValue () => new Date() */
  now?: () => Date;
}

export interface NodeRequestOutcome {
  node: string;
  incidentId: string;
  outcome: EnqueueOutcome;
}

export interface CollectionRequestResult {
  /** Where the results of the first node appear (with its `rootTs`). */
  incident: Incident;
  /** Every incident the request posts into (more than one when the nodes have different open incidents). */
  incidents: Incident[];
  /** Nodes were sent to an incident that already existed (an open alert, or the button's). */
  existing: boolean;
  outcomes: NodeRequestOutcome[];
}

function digest(parts: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 20);
}

/** A new manual incident for a `/netcheck` on nodes without an open incident. */
export function manualIncident(input: {
  nodes: readonly string[];
  requester: Requester;
  channel: string;
  cluster: string;
  at: string;
  title?: string;
}): Incident {
  const shown = input.nodes.length <= 3 ? input.nodes.join(', ') : `${input.nodes.length} nodes`;
  return {
    id: `man-${randomUUID().replace(/-/g, '').slice(0, 16)}`,
    cluster: input.cluster,
    source: 'manual',
    title: input.title ?? `Manual check: ${shown}`,
    status: 'firing',
    channel: input.channel,
    createdAt: input.at,
    updatedAt: input.at,
    alerts: [],
    commonLabels: {},
    groupLabels: {},
    truncatedAlerts: 0,
    resends: 0,
    nodes: [...input.nodes],
    checks: [],
    requestedBy: input.requester,
  };
}

/** Stores a new incident and posts its root message once. */
async function openIncident(deps: RequestDeps, incident: Incident): Promise<Incident> {
  const stored = await deps.store.update(incident.id, (current) => current ?? incident);
  return deps.thread.ensureRoot(stored ?? incident);
}

/** Which incident each node's results go to. */
async function routeNodes(
  request: CollectionRequest,
  nodes: string[],
  deps: RequestDeps,
  at: string,
): Promise<{ groups: Map<string, { incident: Incident; nodes: string[] }>; existing: boolean }> {
  const groups = new Map<string, { incident: Incident; nodes: string[] }>();
  const add = (incident: Incident, node: string) => {
    const group = groups.get(incident.id) ?? { incident, nodes: [] };
    group.nodes.push(node);
    groups.set(incident.id, group);
  };
  if (request.incidentId) {
    const incident = await deps.store.get(request.incidentId);
    if (!incident) throw new Error(`incident ${request.incidentId} not found (it may have expired)`);
    for (const node of nodes) add(incident, node);
    return { groups, existing: true };
  }
  const loose: string[] = [];
  for (const node of nodes) {
    // Only alert incidents adopt a request: a manual thread stays about the one request that opened it.
    const open = await deps.store.openIncidentForNode(node);
    if (open && open.source === 'alert') add(open, node);
    else loose.push(node);
  }
  if (loose.length > 0) {
    const incident = manualIncident({ ...request, cluster: deps.cluster, nodes: loose, at });
    groups.set(incident.id, { incident, nodes: loose });
  }
  return { groups, existing: loose.length < nodes.length };
}

/** Validates, routes, queues and announces the collection of `request.nodes` (see the file comment). */
export async function requestCollections(
  request: CollectionRequest,
  deps: RequestDeps,
): Promise<CollectionRequestResult> {
  // A name or an address (`10.0.3.7:9100`): the collection worker finds the node (src/exec/node-subject.ts).
  const nodes = [...new Set(request.nodes.map((n) => parseNodeInput(n).input.trim()))];
  if (nodes.length === 0) throw new Error('no node to check');
  const at = (deps.now?.() ?? new Date()).toISOString();
  const { groups, existing } = await routeNodes(request, nodes, deps, at);
  const incidents: Incident[] = [];
  const outcomes: NodeRequestOutcome[] = [];
  for (const group of groups.values()) {
    const incident = await openIncident(deps, group.incident);
    incidents.push(incident);
    const key = `queued:r-${digest([incident.id, at, ...group.nodes])}`;
    const queued: string[] = [];
    for (const node of group.nodes) {
      const outcome = await deps.queue.enqueue({
        incidentId: incident.id,
        node,
        reason: request.reason,
        requestedBy: request.requester,
        requestedAt: at,
        queuedKey: key,
      });
      outcomes.push({ node, incidentId: incident.id, outcome });
      if (outcome.state === 'queued') queued.push(node);
    }
    if (queued.length > 0) {
      await deps.thread.postEntry(incident, key, {
        type: 'collection-queued',
        at,
        nodes: queued,
        reason: request.reason,
        by: request.requester,
      });
    }
  }
  const first = outcomes[0];
  const incident = incidents.find((i) => i.id === first?.incidentId) ?? incidents[0];
  if (!incident) throw new Error('no incident for the request');
  return { incident, incidents, existing, outcomes };
}

/** A sweep of every node (or those a selector picks) asked for from Slack. */
export interface SweepRequest {
  requester: Requester;
  channel: string;
  /** The incident whose "Check all nodes" button was pressed; a new manual incident otherwise. */
  incidentId?: string;
  /** Kubernetes label selector. */
  selector?: string;
}

export interface SweepRequestResult {
  /** Where the sweep's results appear (with its `rootTs`). */
  incident: Incident;
  /** The sweep goes to an incident that already existed (the button's). */
  existing: boolean;
  outcome: EnqueueOutcome;
}

/** Queues a sweep of every node (one at a time cluster-wide) and announces it in the thread. */
export async function requestSweep(request: SweepRequest, deps: RequestDeps): Promise<SweepRequestResult> {
  const at = (deps.now?.() ?? new Date()).toISOString();
  const what = request.selector ? `nodes matching ${request.selector}` : 'all nodes';
  let incident: Incident;
  if (request.incidentId) {
    const found = await deps.store.get(request.incidentId);
    if (!found) throw new Error(`incident ${request.incidentId} not found (it may have expired)`);
    incident = found;
  } else {
    incident = await openIncident(
      deps,
      manualIncident({ ...request, cluster: deps.cluster, nodes: [], at, title: `Manual check: ${what}` }),
    );
  }
  const key = `queued:r-${digest([incident.id, at, 'sweep', request.selector ?? ''])}`;
  const outcome = await deps.queue.enqueueSweep({
    incidentId: incident.id,
    requestedBy: request.requester,
    selector: request.selector,
    requestedAt: at,
    queuedKey: key,
  });
  if (outcome.state === 'queued') {
    await deps.thread.postEntry(incident, key, {
      type: 'collection-queued',
      at,
      nodes: [what],
      reason: 'check-all',
      by: request.requester,
    });
  }
  return { incident, outcome, existing: request.incidentId !== undefined };
}
