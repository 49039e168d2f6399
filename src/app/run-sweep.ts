// Run a sweep (the use case behind the `sweep` queue's worker: `/netcheck all`, the "Check all nodes" button, or the
// auto-triage of a delivery naming many nodes): list the nodes (all, a selector's, or the job's own list, each found
// from its alert's labels), run the collector on each through the executor (bounded concurrency, a deadline per node,
// partial results), rank hotspots, and post one message with the hotspot table plus the full table as a file into the
// incident thread. Keys derive from the job id, so a retried or taken-over sweep posts nothing twice. A worker
// shutting down (`stop`) hands the sweep back rather than post a partial table; an error while posting is thrown (the
// queue retries it).
import { NodeExecError } from '../exec/node-exec-error.js';
import type { NodeExecutor } from '../exec/node-executor.js';
import { resolveNodeSubject } from '../exec/node-subject.js';
import type { NodeInfo } from '../exec/resolve-node.js';
import type { Incident } from '../incident/incident.js';
import { renderHotspots } from '../render/render-hotspots.js';
import { renderSweepMessage } from '../render/slack/render-sweep.js';
import { type SweepResult, type SweepTarget, sweepNodes } from '../sweep/sweep-nodes.js';
import { failedEntry, failureOutcome, failureVerdict } from './failure-verdict.js';
import type { JobAttempt, JobOutcome } from './job-outcome.js';
import { type Clock, systemClock } from './ports/clock.js';
import type { CollectionQueue } from './ports/collection-queue.js';
import type { IncidentStore } from './ports/incident-store.js';
import type { IncidentThread } from './ports/incident-thread.js';
import type { Logger } from './ports/logger.js';
import { queuedKey, waitForRecorded } from './wait-for-recorded.js';

/** A sweep job's data (CollectionQueue.enqueueSweep). */
export type SweepJob = Parameters<CollectionQueue['enqueueSweep']>[0];

export interface RunSweepOptions {
  executor: NodeExecutor;
  /** The cluster's nodes, e.g. `(selector, signal) => listNodes(client, { labelSelector: selector, signal })`. */
  listNodes: (selector: string | undefined, signal?: AbortSignal) => Promise<NodeInfo[]>;
  store: IncidentStore;
  thread: IncidentThread;
  logger: Logger;
  /** Nodes collected at once. @defaultValue 20 */
  concurrency?: number;
  /** In-node deadline of one collection, in seconds. @defaultValue 60 */
  deadlineSeconds?: number;
  /** Client deadline of one node, in ms. @defaultValue deadlineSeconds + 30 s */
  nodeTimeoutMs?: number;
  interval?: number;
  /** @defaultValue 10 000 */
  queuedWaitMs?: number;
  /** @defaultValue systemClock */
  clock?: Clock;
}

export interface SweepJobSummary {
  nodes: number;
  failed: number;
  hotspots: number;
}

const WHAT = 'all nodes';

/** What the sweep covers, as its thread lines name it. */
function subject(job: SweepJob): string {
  if (job.nodes) return `${job.nodes.length} node${job.nodes.length === 1 ? '' : 's'}`;
  return job.selector ? `nodes matching ${job.selector}` : WHAT;
}

/**
 * The nodes of a node-list sweep among the listed ones, each once, found the way a single collection finds its node
 * (src/exec/node-subject.ts): from all the labels of the alert behind it, else from the name or address itself. A
 * target that names no node is kept with the error that says why (its row in the table).
 */
export function sweepTargets(
  wanted: readonly string[],
  listed: readonly NodeInfo[],
  labels: Readonly<Record<string, Record<string, string>>> = {},
): SweepTarget[] {
  const targets = new Map<string, SweepTarget>();
  for (const text of wanted) {
    const nodeLabels = labels[text];
    let target: SweepTarget;
    try {
      const found = resolveNodeSubject(nodeLabels ? { labels: nodeLabels } : { input: text }, listed);
      target = { name: found.name, ready: found.ready, notReadyReason: found.notReadyReason };
    } catch (error) {
      if (!(error instanceof NodeExecError)) throw error;
      target = { name: text, error };
    }
    if (!targets.has(target.name)) targets.set(target.name, target);
  }
  return [...targets.values()];
}

/** The failed sweep: its final entry when no retry follows, and the outcome. */
async function failed(
  options: RunSweepOptions,
  job: JobAttempt<SweepJob>,
  incident: Incident,
  error: unknown,
): Promise<JobOutcome<SweepJobSummary>> {
  const { thread, logger } = options;
  const verdict = failureVerdict(error);
  const final = verdict.permanent || job.attempt >= job.attempts;
  logger.warn({ jobId: job.id, code: verdict.code, final }, `sweep failed: ${verdict.message}`);
  if (final) {
    const at = (options.clock ?? systemClock).now().toISOString();
    await thread
      .postEntry(incident, `failed:${job.id}`, failedEntry(subject(job.data), at, verdict, true))
      .catch((postError: unknown) => logger.error({ err: postError, jobId: job.id }, 'could not post the failure'));
  }
  return failureOutcome(verdict, final, error);
}

/** Runs one attempt of a sweep job (see the file comment). `stop` aborts when the worker shuts down. */
export async function runSweep(
  options: RunSweepOptions,
  job: JobAttempt<SweepJob>,
  stop?: AbortSignal,
): Promise<JobOutcome<SweepJobSummary>> {
  const clock = options.clock ?? systemClock;
  const { store, thread, logger } = options;
  const jobId = job.id;
  const incident = await store.get(job.data.incidentId);
  if (!incident) {
    return { kind: 'permanent-failure', reason: `incident ${job.data.incidentId} not found`, code: 'internal' };
  }
  let result: SweepResult | undefined;
  try {
    await waitForRecorded(thread, incident.id, job.data.queuedKey ?? queuedKey(jobId), {
      timeoutMs: options.queuedWaitMs ?? 10_000,
      signal: stop,
    });
    // Recorded, not awaited in Slack: the sweep starts now, the thread posts "started" in its turn.
    await thread.record(incident, [
      {
        key: `started:${jobId}`,
        entry: {
          type: 'collection-started',
          at: clock.now().toISOString(),
          node: subject(job.data),
          mode: options.executor.mode,
        },
      },
    ]);
    const nodes = await options.listNodes(job.data.selector, stop);
    const deadlineSeconds = options.deadlineSeconds ?? 60;
    result = await sweepNodes({
      executor: options.executor,
      nodes: job.data.nodes
        ? sweepTargets(job.data.nodes, nodes, job.data.nodeLabels)
        : nodes.map((n) => ({ name: n.name, ready: n.ready, notReadyReason: n.notReadyReason })),
      concurrency: options.concurrency ?? 20,
      interval: options.interval,
      deadlineSeconds,
      nodeTimeoutMs: options.nodeTimeoutMs ?? (deadlineSeconds + 30) * 1000,
      signal: stop,
    });
  } catch (error) {
    if (!stop?.aborted) return await failed(options, job, incident, error);
  }
  if (stop?.aborted || !result) {
    // Cut short by a worker shutting down: back to the queue, not a partial table.
    logger.info({ jobId }, 'worker shutting down: sweep returned to the queue');
    return { kind: 'handed-back' };
  }
  const message = renderSweepMessage({ ...result, cluster: incident.cluster, incidentId: incident.id });
  await thread.record(incident, [
    { key: `sweep:${jobId}`, message },
    {
      key: `sweep-table:${jobId}`,
      file: {
        filename: 'netcheck-sweep.txt',
        title: `Sweep of ${result.nodes.length} nodes: hotspot table`,
        content: renderHotspots(result, { color: false, limit: 10_000 }),
      },
    },
  ]);
  await thread.flush(incident.id, `sweep-table:${jobId}`);
  const latest = (await store.get(incident.id)) ?? incident;
  await thread.updateRoot(latest);
  const failedNodes = result.nodes.filter((n) => 'error' in n).length;
  logger.info({ jobId, nodes: result.nodes.length, failed: failedNodes }, 'sweep posted');
  return {
    kind: 'done',
    result: { nodes: result.nodes.length, failed: failedNodes, hotspots: result.ranking.hotspots.length },
  };
}
