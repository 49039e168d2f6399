// One collection job, start to finish:
//   1. wait (≤ 10 s) until the "queued" entry that announced the job is recorded in the thread's log (Redis, not
//      Slack); find the node the job means (its alert's labels or the typed name/address, through `resolveNode`),
//      then record "started" (the log keeps the thread in causal order; the collection never waits for Slack);
//   2. run the collector on the node under the job's deadline (an AbortSignal; a hung exec becomes `timeout`);
//   3. diagnose the report, cross-check with Prometheus when configured, render the chart;
//   4. record the check, post the diagnosis, the files and refresh the root (node-result.ts).
// Failures: a permanent NodeExecError (invalid name, unknown node, RBAC, Pod Security) ends the job at once
// (UnrecoverableError) with a final "failed" entry; a transient one is retried by BullMQ and reported only on the
// last attempt. A worker shutting down puts its running jobs back in the queue without using an attempt.
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import type { CollectionJob } from '../../app/ports/collection-queue.js';
import type { IncidentStore } from '../../app/ports/incident-store.js';
import type { IncidentThread } from '../../app/ports/incident-thread.js';
import type { Logger } from '../../app/ports/logger.js';
import type { NodeSeries } from '../../crosscheck/series.js';
import { diagnoseText } from '../../diagnose.js';
import type { Finding } from '../../domain/finding.js';
import { NodeExecError } from '../../exec/node-exec-error.js';
import type { CollectResult, NodeExecutor } from '../../exec/node-executor.js';
import type { NodeResolver, NodeSubject } from '../../exec/node-subject.js';
import type { Incident } from '../../incident/incident.js';
import { conntrackChartSvg } from '../../render/chart/conntrack-chart-svg.js';
import { crossCheckNode } from '../prometheus/cross-check-node.js';
import type { PrometheusClient } from '../prometheus/prometheus-client.js';
import { failedEntry, failureVerdict, SHUTDOWN } from './job-failure.js';
import { queuedKey } from './job-ids.js';
import { postNodeResult, recordCheck } from './node-result.js';
import type { CollectionOutcomes } from './queue-metrics.js';
import { waitForRecorded } from './wait-for-recorded.js';

export interface CollectProcessorOptions {
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
  prometheus?: PrometheusClient;
  /** SVG → PNG (src/adapters/chart/render-png.ts): with Prometheus, a chart of the last hour is uploaded. */
  renderPng?: (svg: string) => Buffer | Promise<Buffer>;
  /** @defaultValue conntrackChartSvg (src/render/chart/) */
  chartSvg?: (series: NodeSeries[], options: { node: string; width: number; height: number }) => string;
  /** How long a job waits for its "queued" entry. @defaultValue 10 000 */
  queuedWaitMs?: number;
  /** @defaultValue () => new Date() */
  now?: () => Date;
  /** Records how each collection ended (the `netcheck_collections_total` counter, see queue-metrics.ts). */
  outcomes?: CollectionOutcomes;
}

export interface CollectJobSummary {
  node: string;
  complete: boolean;
  findings: number;
}

type Processor = (job: Job<CollectionJob>, token?: string, signal?: AbortSignal) => Promise<CollectJobSummary>;

/** Rejects with a `timeout` NodeExecError when `signal` aborts for the deadline (executors that ignore the signal). */
function abortable<T>(work: Promise<T>, signal: AbortSignal, deadlineMs: number, node: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () =>
      reject(
        signal.reason === SHUTDOWN
          ? new Error(SHUTDOWN)
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

export function createCollectProcessor(options: CollectProcessorOptions): Processor {
  const jobDeadlineMs = options.jobDeadlineMs ?? 120_000;
  const deadlineSeconds = options.deadlineSeconds ?? Math.max(5, Math.floor((jobDeadlineMs * 0.6) / 1000));
  const now = options.now ?? (() => new Date());
  const { store, thread, logger } = options;

  async function crossCheck(
    job: CollectionJob,
    node: string,
    diagnosis: ReturnType<typeof diagnoseText>,
    signal: AbortSignal,
  ) {
    const none = { findings: [] as Finding[], chartPng: undefined as Buffer | undefined };
    if (!options.prometheus) return none;
    try {
      const labels = job.alertLabels ?? {};
      const check = await crossCheckNode({
        prometheus: options.prometheus,
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
      logger.warn({ err: error, node }, 'Prometheus cross-check failed');
      return none;
    }
  }

  /** `node`: the resolved node once known, else the job's. */
  async function fail(job: Job<CollectionJob>, incident: Incident, node: string, error: unknown): Promise<never> {
    const verdict = failureVerdict(error);
    const attempts = job.opts.attempts ?? 1;
    const final = verdict.permanent || job.attemptsMade + 1 >= attempts;
    const at = now().toISOString();
    logger.warn(
      { jobId: job.id, node, code: verdict.code, attempt: job.attemptsMade + 1, attempts, final },
      `collection failed: ${verdict.message}`,
    );
    if (final) {
      options.outcomes?.record({ ok: false, code: verdict.code });
      // Best effort: the failure itself must reach BullMQ even when Slack or the store is down.
      try {
        const updated = await recordCheck(store, incident.id, {
          node,
          at,
          ok: false,
          error: verdict.message,
        });
        await thread.postEntry(updated, `failed:${job.id}`, failedEntry(node, at, verdict, true));
        await thread.updateRoot(updated);
      } catch (postError) {
        logger.error({ err: postError, jobId: job.id }, 'could not post the failed collection');
      }
    }
    if (verdict.permanent) throw new UnrecoverableError(verdict.message);
    throw error instanceof Error ? error : new Error(verdict.message);
  }

  return async (job, token, signal) => {
    const data = job.data;
    const jobId = job.id ?? 'unknown';
    const incident = await store.get(data.incidentId);
    if (!incident) {
      options.outcomes?.record({ ok: false, code: 'internal' });
      throw new UnrecoverableError(`incident ${data.incidentId} not found`);
    }
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort('deadline'), jobDeadlineMs);
    const onShutdown = () => deadline.abort(SHUTDOWN);
    signal?.addEventListener('abort', onShutdown, { once: true });
    let node = data.node;
    try {
      await waitForRecorded(thread, incident.id, data.queuedKey ?? queuedKey(jobId), {
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
          key: `started:${jobId}`,
          entry: { type: 'collection-started', at: now().toISOString(), node, mode: options.executor.mode },
        },
      ]);
      const result: CollectResult = await abortable(
        options.executor.collect({
          node,
          interval: options.interval,
          deadlineSeconds,
          signal: deadline.signal,
        }),
        deadline.signal,
        jobDeadlineMs,
        node,
      );
      const diagnosis = diagnoseText(result.report);
      const check = await crossCheck(data, node, diagnosis, deadline.signal);
      await postNodeResult(
        { store, thread, logger },
        incident,
        { jobId, result, diagnosis, crossCheckFindings: check.findings, chartPng: check.chartPng },
        now().toISOString(),
      );
      options.outcomes?.record({ ok: true });
      return { node, complete: result.complete, findings: diagnosis.findings.length };
    } catch (error) {
      if (deadline.signal.reason === SHUTDOWN && token) {
        // Back to the queue for another worker; the keys above keep its posts from repeating.
        logger.info({ jobId, node }, 'worker shutting down: job returned to the queue');
        await job.moveToDelayed(Date.now(), token);
        throw new DelayedError();
      }
      return await fail(job, incident, node, error);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onShutdown);
    }
  };
}
