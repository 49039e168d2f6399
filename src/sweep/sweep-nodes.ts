// A cluster sweep: the collector on many nodes through one NodeExecutor, with bounded concurrency, a deadline per
// node and partial results, then each node diagnosed and the cluster ranked for hotspots.
import { type Diagnosis, diagnoseText } from '../diagnose.js';
import type { Finding } from '../domain/finding.js';
import type { KindId } from '../domain/kind.js';
import { NodeExecError, type NodeExecErrorCode } from '../exec/node-exec-error.js';
import type { CollectResult, ExecMode, NodeExecutor } from '../exec/node-executor.js';
import { requireReady } from '../exec/resolve-node.js';
import { type NodeMetrics, nodeMetrics } from './node-metrics.js';
import { type HotspotRanking, rankHotspots } from './rank-hotspots.js';
import { runBounded } from './run-bounded.js';

/** A node to sweep: a name, or what the node list said about it (a node that is not Ready is not exec'd into). */
export interface SweepTarget {
  name: string;
  ready?: boolean;
  notReadyReason?: string;
  /** Why the target names no node that can be collected: reported as its failure, nothing runs. */
  error?: NodeExecError;
}

export interface NodeError {
  code: NodeExecErrorCode;
  message: string;
  hint: string;
}

export interface NodeSuccess {
  node: string;
  mode: ExecMode;
  /** The report ended with its sentinel and byte count. */
  complete: boolean;
  exitCode: number | null;
  detected: KindId[];
  findings: Finding[];
  metrics: NodeMetrics;
  durationMs: number;
  /** The whole diagnosis (parsed report included), only with `keepDiagnosis`. */
  diagnosis?: Diagnosis;
  /** The executor's warnings for the operator (e.g. an outdated agent image); absent when there are none. */
  warnings?: string[];
}

export interface NodeFailure {
  node: string;
  error: NodeError;
  durationMs: number;
}

export type NodeOutcome = NodeSuccess | NodeFailure;

export function isFailure(outcome: NodeOutcome): outcome is NodeFailure {
  return 'error' in outcome;
}

/** Emitted after each node, in completion order. */
export interface SweepProgress {
  node: string;
  outcome: 'ok' | 'failed';
  done: number;
  failed: number;
  total: number;
  running: number;
}

export interface SweepOptions {
  executor: NodeExecutor;
  nodes: readonly (string | SweepTarget)[];
  /** Nodes collected at once. @defaultValue 20 */
  concurrency?: number;
  /** Seconds between the collector's two counter samples. @defaultValue the executor's default (5) */
  interval?: number;
  /** In-node deadline of one collection, in seconds. @defaultValue 60 */
  deadlineSeconds?: number;
  /**
   * Client-side deadline of one node, in milliseconds, for an executor that does not give up by itself: the node
   * is then aborted and recorded as `timeout`. @defaultValue deadlineSeconds + 60 s
   */
  nodeTimeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (progress: SweepProgress) => void;
  /** Keep each node's full diagnosis (one-node runs print it); a large sweep keeps only findings and metrics. */
  keepDiagnosis?: boolean;
}

export interface SweepResult {
  /** One outcome per node that was started, in the order the nodes were given. */
  nodes: NodeOutcome[];
  /** Nodes never started because the sweep was aborted. */
  skipped: string[];
  ranking: HotspotRanking;
  durationMs: number;
}

export const DEFAULT_CONCURRENCY = 20;

export async function sweepNodes(options: SweepOptions): Promise<SweepResult> {
  const started = performance.now();
  const targets = options.nodes.map((n) => (typeof n === 'string' ? { name: n } : n));
  const deadlineSeconds = options.deadlineSeconds ?? 60;
  const nodeTimeoutMs = options.nodeTimeoutMs ?? (deadlineSeconds + 60) * 1000;
  let done = 0;
  let failed = 0;
  let running = 0;

  const finish = (target: SweepTarget, outcome: NodeOutcome): NodeOutcome => {
    done++;
    if (isFailure(outcome)) failed++;
    options.onProgress?.({
      node: target.name,
      outcome: isFailure(outcome) ? 'failed' : 'ok',
      done,
      failed,
      total: targets.length,
      running,
    });
    return outcome;
  };
  // A slot is held while the node is collected, not while its report is diagnosed: the next node's exec starts
  // first, and the diagnosis (CPU) overlaps the collections in flight.
  const slots = await runBounded(
    targets,
    options.concurrency ?? DEFAULT_CONCURRENCY,
    async (target) => {
      running++;
      const collected = await collectOne(target, options, deadlineSeconds, nodeTimeoutMs);
      running--;
      if ('error' in collected) return { outcome: Promise.resolve(finish(target, collected)) };
      const keep = options.keepDiagnosis ?? false;
      const outcome = new Promise<NodeOutcome>((resolve) =>
        setImmediate(() => resolve(finish(target, outcomeOf(target.name, collected.result, keep, collected.ms)))),
      );
      return { outcome };
    },
    options.signal,
  );
  const outcomes = await Promise.all(slots.map((slot) => slot?.outcome));

  const nodes = outcomes.filter((o): o is NodeOutcome => o !== undefined);
  const skipped = targets.filter((_, i) => outcomes[i] === undefined).map((t) => t.name);
  const ranking = rankHotspots(
    nodes.filter((n): n is NodeSuccess => !isFailure(n)).map((n) => ({ node: n.node, metrics: n.metrics })),
  );
  return { nodes, skipped, ranking, durationMs: performance.now() - started };
}

async function collectOne(
  target: SweepTarget,
  options: SweepOptions,
  deadlineSeconds: number,
  nodeTimeoutMs: number,
): Promise<NodeFailure | { result: CollectResult; ms: number }> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  if (target.error) return { node: target.name, error: errorOf(target.error), durationMs: 0 };
  if (target.ready === false) {
    const notReady = notReadyError(target);
    return { node: target.name, error: errorOf(notReady), durationMs: 0 };
  }
  const controller = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), nodeTimeoutMs);
  });
  try {
    const collected = options.executor.collect({
      node: target.name,
      deadlineSeconds,
      signal,
      ...(options.interval !== undefined ? { interval: options.interval } : {}),
    });
    collected.catch(() => {}); // settled after a timeout: nobody waits for it any more
    const result = await Promise.race([collected, timedOut]);
    if (result === 'timeout') {
      controller.abort(new Error('node deadline'));
      const error = new NodeExecError(
        'timeout',
        `no answer from ${target.name} within ${Math.round(nodeTimeoutMs / 1000)} s`,
        `The node or the API server is slow: collect from ${target.name} alone with a longer --deadline, and check its kubelet.`,
      );
      return { node: target.name, error: errorOf(error), durationMs: elapsed() };
    }
    return { result, ms: elapsed() };
  } catch (error) {
    return { node: target.name, error: errorOf(error, target.name), durationMs: elapsed() };
  } finally {
    clearTimeout(timer);
  }
}

function outcomeOf(node: string, result: CollectResult, keep: boolean, durationMs: number): NodeOutcome {
  if (result.report.trim() === '') {
    const stderr = result.stderr.trim().split('\n').slice(-3).join(' / ').slice(0, 300);
    const exit = result.exitCode === null ? 'without an exit status' : `with exit status ${result.exitCode}`;
    const error = new NodeExecError(
      'exec-failed',
      `the collector on ${node} ended ${exit} and printed no report${stderr ? `: ${stderr}` : ''}`,
      `Run \`netcheck collect ${node}\` alone and read the collector's error; the node may lack a POSIX sh.`,
    );
    return { node, error: errorOf(error), durationMs };
  }
  const diagnosis = diagnoseText(result.report);
  const outcome: NodeSuccess = {
    node,
    mode: result.mode,
    complete: result.complete,
    exitCode: result.exitCode,
    detected: diagnosis.detected,
    findings: diagnosis.findings,
    metrics: nodeMetrics(diagnosis.report),
    durationMs,
  };
  if (keep) outcome.diagnosis = diagnosis;
  if (result.warnings && result.warnings.length > 0) outcome.warnings = result.warnings;
  return outcome;
}

function notReadyError(target: SweepTarget): unknown {
  try {
    requireReady({
      name: target.name,
      addresses: [],
      ready: false,
      ...(target.notReadyReason ? { notReadyReason: target.notReadyReason } : {}),
    });
  } catch (error) {
    return error;
  }
  return undefined;
}

function errorOf(error: unknown, node?: string): NodeError {
  if (error instanceof NodeExecError) return { code: error.code, message: error.message, hint: error.hint };
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: 'exec-failed',
    message: node ? `collecting from ${node} failed: ${message}` : message,
    hint: 'This is unexpected: run the collection for this node alone and report the error if it persists.',
  };
}
