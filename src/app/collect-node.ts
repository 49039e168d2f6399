// Collect one node, start to finish (the use case behind the `collect` queue's worker):
//   1. wait (≤ 10 s) until the "queued" entry that announced the job is recorded in the thread's log (Redis, not
//      Slack); find the node the job means (its alert's labels or the typed name/address, through `resolveNode`),
//      then record "started" (the log keeps the thread in causal order; the collection never waits for Slack);
//   2. run the collector on the node under the job's deadline (an AbortSignal; a hung exec becomes `timeout`);
//   3. diagnose the report, cross-check with Prometheus when configured (cross-check-node.ts), render the chart;
//   4. record the check, post the diagnosis, the files and refresh the root (node-result.ts).
// Failures: a permanent NodeExecError (invalid name, unknown node, RBAC, Pod Security) ends the job at once with a
// final "failed" entry; a transient one is retried by the queue and reported only on the last attempt. A worker
// shutting down (`stop`) hands its running jobs back without using an attempt. The outcome is a JobOutcome.
import type { NodeSeries } from '../crosscheck/series.js';
import { diagnoseText } from '../diagnose.js';
import type { Finding } from '../domain/finding.js';
import { NodeExecError } from '../exec/node-exec-error.js';
import type { CollectResult, NodeExecutor } from '../exec/node-executor.js';
import type { NodeResolver, NodeSubject } from '../exec/node-subject.js';
import type { Incident } from '../incident/incident.js';
import { conntrackChartSvg } from '../render/chart/conntrack-chart-svg.js';
import { crossCheckNode } from './cross-check-node.js';
import { failedEntry, failureOutcome, failureVerdict } from './failure-verdict.js';
import type { JobAttempt, JobOutcome } from './job-outcome.js';
import { postNodeResult, recordCheck } from './node-result.js';
import { type Clock, systemClock } from './ports/clock.js';
import type { CollectionJob } from './ports/collection-queue.js';
import type { IncidentStore } from './ports/incident-store.js';
import type { IncidentThread } from './ports/incident-thread.js';
import type { Logger } from './ports/logger.js';
import type { MetricsSource } from './ports/metrics-source.js';
import { queuedKey, waitForRecorded } from './wait-for-recorded.js';

export interface CollectNodeOptions {
  executor: NodeExecutor;
  /**
   * Finds the node a job means (src/exec/node-subject.ts through the Kubernetes adapter): every node label of an
   * auto-triage job's alert, or the name or address someone typed. Without it the job's node goes to the executor
   * as it is.
   */
  resolveNode?: NodeResolver;
  store: IncidentStore;
  thread: IncidentThread;
  logger: Logger;
  /** Client-side deadline of one attempt (collector run, diagnosis and posts), in ms. @defaultValue 120 000 */
  jobDeadlineMs?: number;
  /** In-node deadline of the collector, in seconds. @defaultValue 60 % of the job deadline, at least 5 */
  deadlineSeconds?: number;
  /** Seconds between the collector's two counter samples. @defaultValue the executor's (5) */
  interval?: number;
  /** Cross-check the node's conntrack reading with Prometheus. */
  metrics?: MetricsSource;
  /** SVG → PNG (src/adapters/chart/render-png.ts): with Prometheus, a chart of the last hour is uploaded. */
  renderPng?: (svg: string) => Buffer | Promise<Buffer>;
  /** @defaultValue conntrackChartSvg (src/render/chart/) */
  chartSvg?: (series: NodeSeries[], options: { node: string; width: number; height: number }) => string;
  /** How long a job waits for its "queued" entry. @defaultValue 10 000 */
  queuedWaitMs?: number;
  /** @defaultValue systemClock */
  clock?: Clock;
}

export interface CollectJobSummary {
  node: string;
  complete: boolean;
  findings: number;
}

/** The abort reason of the job's deadline when the worker stops. */
const STOPPING = 'the worker is shutting down';

/** Rejects with a `timeout` NodeExecError when `signal` aborts for the deadline (executors that ignore the signal). */
function abortable<T>(work: Promise<T>, signal: AbortSignal, deadlineMs: number, node: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () =>
      reject(
        signal.reason === STOPPING
          ? new Error(STOPPING)
          : new NodeExecError(
              'timeout',
              `the collection of ${node} did not finish within the job deadline (${Math.round(deadlineMs / 1000)} s)`,
              'The node or the API server is slow or the exec hangs: check the agent pod on the node, or raise NETCHECK_JOB_DEADLINE.',
            ),
      );
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** What names the job's node: its alert's labels (auto-triage), else the name or address it carries. */
function subjectOf(job: CollectionJob): NodeSubject {
  return job.alertLabels ? { labels: job.alertLabels } : { input: job.node };
}

async function crossCheck(
  options: CollectNodeOptions,
  job: CollectionJob,
  node: string,
  diagnosis: ReturnType<typeof diagnoseText>,
  signal: AbortSignal,
) {
  const none = { findings: [] as Finding[], chartPng: undefined as Buffer | undefined };
  if (!options.metrics) return none;
  try {
    const labels = job.alertLabels ?? {};
    const check = await crossCheckNode({
      metrics: options.metrics,
      node,
      instance: labels.instance,
      job: labels.instance ? labels.job : undefined,
      report: diagnosis.report,
      signal,
    });
    let chartPng: Buffer | undefined;
    if (options.renderPng && check.series.length > 0) {
      const svg = (options.chartSvg ?? conntrackChartSvg)(check.series, { node, width: 720, height: 360 });
      chartPng = await options.renderPng(svg);
    }
    return { findings: check.findings, chartPng };
  } catch (error) {
    // The node's own diagnosis stands without the cross-check.
    options.logger.warn({ err: error, node }, 'Prometheus cross-check failed');
    return none;
  }
}

/** A failed attempt: the final "failed" entry when no retry follows, and the outcome. `node`: the resolved one once known. */
async function failed(
  options: CollectNodeOptions,
  job: JobAttempt<CollectionJob>,
  incident: Incident,
  node: string,
  error: unknown,
): Promise<JobOutcome<CollectJobSummary>> {
  const { store, thread, logger } = options;
  const verdict = failureVerdict(error);
  const final = verdict.permanent || job.attempt >= job.attempts;
  const at = (options.clock ?? systemClock).now().toISOString();
  logger.warn(
    { jobId: job.id, node, code: verdict.code, attempt: job.attempt, attempts: job.attempts, final },
    `collection failed: ${verdict.message}`,
  );
  if (final) {
    // Best effort: the failure itself must reach the queue even when Slack or the store is down.
    try {
      const updated = await recordCheck(store, incident.id, { node, at, ok: false, error: verdict.message });
      await thread.postEntry(updated, `failed:${job.id}`, failedEntry(node, at, verdict, true));
      await thread.updateRoot(updated);
    } catch (postError) {
      logger.error({ err: postError, jobId: job.id }, 'could not post the failed collection');
    }
  }
  return failureOutcome(verdict, final, error);
}

/** Runs one attempt of a collection job (see the file comment). `stop` aborts when the worker shuts down. */
export async function collectNode(
  options: CollectNodeOptions,
  job: JobAttempt<CollectionJob>,
  stop?: AbortSignal,
): Promise<JobOutcome<CollectJobSummary>> {
  const jobDeadlineMs = options.jobDeadlineMs ?? 120_000;
  const deadlineSeconds = options.deadlineSeconds ?? Math.max(5, Math.floor((jobDeadlineMs * 0.6) / 1000));
  const clock = options.clock ?? systemClock;
  const { store, thread, logger } = options;
  const data = job.data;
  const incident = await store.get(data.incidentId);
  if (!incident)
    return { kind: 'permanent-failure', reason: `incident ${data.incidentId} not found`, code: 'internal' };
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort('deadline'), jobDeadlineMs);
  const onStop = () => deadline.abort(STOPPING);
  stop?.addEventListener('abort', onStop, { once: true });
  let node = data.node;
  try {
    await waitForRecorded(thread, incident.id, data.queuedKey ?? queuedKey(job.id), {
      timeoutMs: options.queuedWaitMs ?? 10_000,
      signal: deadline.signal,
    });
    if (options.resolveNode) {
      const found = options.resolveNode(subjectOf(data), deadline.signal);
      node = (await abortable(found, deadline.signal, jobDeadlineMs, data.node)).name;
    }
    // Recorded, not awaited in Slack: the collection starts now, the thread posts "started" in its turn.
    await thread.record(incident, [
      {
        key: `started:${job.id}`,
        entry: { type: 'collection-started', at: clock.now().toISOString(), node, mode: options.executor.mode },
      },
    ]);
    const result: CollectResult = await abortable(
      options.executor.collect({ node, interval: options.interval, deadlineSeconds, signal: deadline.signal }),
      deadline.signal,
      jobDeadlineMs,
      node,
    );
    const diagnosis = diagnoseText(result.report);
    const check = await crossCheck(options, data, node, diagnosis, deadline.signal);
    await postNodeResult(
      { store, thread, logger },
      incident,
      { jobId: job.id, result, diagnosis, crossCheckFindings: check.findings, chartPng: check.chartPng },
      clock.now().toISOString(),
    );
    return { kind: 'done', result: { node, complete: result.complete, findings: diagnosis.findings.length } };
  } catch (error) {
    if (deadline.signal.reason === STOPPING) {
      // Back to the queue for another worker; the keys above keep its posts from repeating.
      logger.info({ jobId: job.id, node }, 'worker shutting down: job returned to the queue');
      return { kind: 'handed-back' };
    }
    return await failed(options, job, incident, node, error);
  } finally {
    clearTimeout(timer);
    stop?.removeEventListener('abort', onStop);
  }
}
