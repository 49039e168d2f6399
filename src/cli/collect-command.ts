// `netcheck collect`: runs the collector on this machine or on cluster nodes (agent or debug pods), then prints one
// diagnosis or a sweep's hotspot table.
import { hostname, networkInterfaces } from 'node:os';
import type { KubeClient } from '../adapters/k8s/kube-client.js';
import { runCollectorLocally } from '../adapters/local/run-collector-locally.js';
import { collectorArgs } from '../collector/collector-script.js';
import { diagnoseText } from '../diagnose.js';
import { NodeExecError } from '../exec/node-exec-error.js';
import type { NodeExecutor } from '../exec/node-executor.js';
import { type NodeInfo, parseNodeInput } from '../exec/resolve-node.js';
import { renderHotspots } from '../render/render-hotspots.js';
import { progressLine } from '../sweep/progress-line.js';
import { singleNodeJson, sweepJson } from '../sweep/sweep-json.js';
import {
  DEFAULT_CONCURRENCY,
  isFailure,
  type NodeError,
  type NodeOutcome,
  type SweepProgress,
  type SweepResult,
  type SweepTarget,
  sweepNodes,
} from '../sweep/sweep-nodes.js';
import { type CliIo, UsageError, wantsColor } from './cli-io.js';
import { type PrintOptions, printDiagnosis } from './print-diagnosis.js';
import { withPrometheusCheck } from './prometheus-check.js';

export type ClusterMode = 'agent' | 'debug-pod';

/** The Kubernetes adapters, loaded only for cluster collection: client-node alone costs a second of start-up. */
async function loadKube() {
  const [client, nodes, agent, debugPod, orphans] = await Promise.all([
    import('../adapters/k8s/kube-client.js'),
    import('../adapters/k8s/list-nodes.js'),
    import('../adapters/k8s/agent-executor.js'),
    import('../adapters/k8s/debug-pod-executor.js'),
    import('../adapters/k8s/orphan-cleanup.js'),
  ]);
  return {
    loadKubeClient: client.loadKubeClient,
    listNodes: nodes.listNodes,
    resolveNodes: nodes.resolveNodes,
    createAgentExecutor: agent.createAgentExecutor,
    createDebugPodExecutor: debugPod.createDebugPodExecutor,
    deleteOrphanPods: orphans.deleteOrphanPods,
  };
}
type Kube = Awaited<ReturnType<typeof loadKube>>;

export interface CollectOptions extends PrintOptions {
  local?: boolean;
  interval?: number;
  deadline?: number;
  mode?: ClusterMode;
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  all?: boolean;
  selector?: string;
  concurrency?: number;
  /** Client-side seconds per node before it is given up as `timeout`. */
  timeout?: number;
  /** Node rows of the hotspot table. */
  limit?: number;
  /** Prometheus to cross-check one node's conntrack reading with (`--prometheus`, else `PROMETHEUS_URL`). */
  prometheus?: string;
}

/** Exit status when some nodes were collected and others failed. */
export const EXIT_PARTIAL = 3;

/**
 * `netcheck collect`: `--local` runs the collector on this machine; `NODE...`, `--all` or `--selector` run it on
 * cluster nodes through the agent pods (or debug pods) and print one diagnosis or the hotspot table.
 */
export async function runCollect(nodes: string[], options: CollectOptions, io: CliIo): Promise<number> {
  if (options.local) {
    if (nodes.length > 0 || options.all || options.selector !== undefined) {
      throw new UsageError('--local collects from this machine: give no NODE, --all or --selector with it');
    }
    return collectLocally(options, io);
  }
  const sweep = Boolean(options.all) || options.selector !== undefined;
  if (sweep && nodes.length > 0) throw new UsageError('give NODE names, or --all / --selector, not both');
  if (!sweep && nodes.length === 0) {
    throw new UsageError(
      'name the nodes to collect from (netcheck collect node-7), or use --all, --selector or --local',
    );
  }
  let refs: ReturnType<typeof parseNodeInput>[];
  try {
    refs = nodes.map(parseNodeInput); // before any API call
  } catch (error) {
    if (!(error instanceof NodeExecError)) throw error;
    printError(io, error);
    return 2;
  }
  const kube = await loadKube();
  try {
    const client = kube.loadKubeClient({
      env: io.env,
      ...(options.kubeconfig !== undefined ? { kubeconfig: options.kubeconfig } : {}),
      ...(options.context !== undefined ? { context: options.context } : {}),
      ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
    });
    const targets: (SweepTarget & Partial<NodeInfo>)[] = sweep
      ? await kube.listNodes(client, options.selector ? { labelSelector: options.selector } : {})
      : await resolveTargets(kube, client, nodes, refs);
    if (targets.length === 0) {
      io.stderr.write(
        `netcheck: no node matches${options.selector ? ` the selector ${options.selector}` : ''} in ${client.server}\n`,
      );
      return 1;
    }
    const executor = await createExecutor(kube, options.mode ?? 'agent', client, io);
    const single = !sweep && targets.length === 1;
    const result = await collectFrom(executor, targets, options, io, single);
    const url = prometheusUrl(options, io);
    const [outcome] = result.nodes;
    if (single && url && outcome && !isFailure(outcome) && outcome.diagnosis) {
      const addresses = (targets[0]?.addresses ?? []).map((a) => a.address);
      const checked = await withPrometheusCheck(outcome.diagnosis, { url, node: outcome.node, addresses }, io);
      Object.assign(outcome, { diagnosis: checked, findings: checked.findings });
    }
    return single ? printSingle(result, options, io) : printSweep(result, options, io);
  } catch (error) {
    if (!(error instanceof NodeExecError)) throw error;
    printError(io, error);
    return 1;
  }
}

async function createExecutor(kube: Kube, mode: ClusterMode, client: KubeClient, io: CliIo): Promise<NodeExecutor> {
  if (mode === 'agent') return kube.createAgentExecutor({ client });
  // Pods a crashed earlier run left behind go first; a failure here must not stop the collection.
  try {
    const { deleted } = await kube.deleteOrphanPods({ client });
    if (deleted.length > 0) {
      io.stderr.write(`netcheck: deleted ${deleted.length} leftover debug pod(s): ${deleted.join(', ')}\n`);
    }
  } catch (error) {
    const message = error instanceof NodeExecError ? `${error.message} (${error.hint})` : String(error);
    io.stderr.write(`netcheck: could not look for leftover debug pods: ${message}\n`);
  }
  return kube.createDebugPodExecutor({ client });
}

/**
 * The nodes the arguments mean, found the way the bot finds them (src/exec/node-subject.ts: name, host name label or
 * address, one listing at most). A name no node answers to stays as given, so its collection reports it with near
 * names; an address or host no node answers to stops here. Duplicates collapse.
 */
async function resolveTargets(
  kube: Kube,
  client: KubeClient,
  inputs: readonly string[],
  refs: ReturnType<typeof parseNodeInput>[],
): Promise<(SweepTarget & Partial<NodeInfo>)[]> {
  const resolved = await kube.resolveNodes(
    client,
    inputs.map((input) => ({ input })),
  );
  const targets: (SweepTarget & Partial<NodeInfo>)[] = [];
  for (const [i, result] of resolved.entries()) {
    const ref = refs[i];
    let target: SweepTarget & Partial<NodeInfo>;
    if (!(result instanceof NodeExecError)) target = result;
    else if (ref?.kind === 'name' && result.code === 'node-not-found') target = { name: ref.name };
    else throw result;
    if (!targets.some((t) => t.name === target.name)) targets.push(target);
  }
  return targets;
}

async function collectFrom(
  executor: NodeExecutor,
  targets: SweepTarget[],
  options: CollectOptions,
  io: CliIo,
  single: boolean,
): Promise<SweepResult> {
  const controller = new AbortController();
  const interrupt = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', interrupt);
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const progress = !single && (io.stderr as { isTTY?: boolean }).isTTY ? progressWriter(io) : undefined;
  progress?.({ done: 0, failed: 0, total: targets.length, running: Math.min(concurrency, targets.length) });
  try {
    return await sweepNodes({
      executor,
      nodes: targets,
      concurrency,
      deadlineSeconds: options.deadline ?? 60,
      signal: controller.signal,
      keepDiagnosis: single,
      ...(options.interval !== undefined ? { interval: options.interval } : {}),
      ...(options.timeout !== undefined ? { nodeTimeoutMs: options.timeout * 1000 } : {}),
      ...(progress ? { onProgress: progress } : {}),
    });
  } finally {
    process.off('SIGINT', interrupt);
    if (progress) io.stderr.write('\r\u001b[K');
  }
}

/** Rewrites one status line on stderr, at most ten times a second (and always for the last node). */
function progressWriter(io: CliIo): (p: Omit<SweepProgress, 'node' | 'outcome'>) => void {
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (p.done < p.total && now - last < 100) return;
    last = now;
    io.stderr.write(`\r${progressLine(p)}\u001b[K`);
  };
}

function printSingle(result: SweepResult, options: CollectOptions, io: CliIo): number {
  const [outcome] = result.nodes;
  if (!outcome) return 1; // interrupted before it started
  if (options.json) io.stdout.write(singleNodeJson(outcome));
  if (isFailure(outcome)) {
    printError(io, outcome.error);
    return 1;
  }
  printWarnings(io, [outcome]);
  if (options.json) return 0;
  if (!outcome.diagnosis) return 1;
  return printDiagnosis(outcome.diagnosis, { ...options, subject: outcome.node }, io);
}

function printSweep(result: SweepResult, options: CollectOptions, io: CliIo): number {
  printWarnings(io, result.nodes);
  if (options.json) io.stdout.write(sweepJson(result));
  else {
    io.stdout.write(
      renderHotspots(
        { nodes: result.nodes, ranking: result.ranking, skipped: result.skipped, durationMs: result.durationMs },
        { color: wantsColor(io, options.color), ...(options.limit !== undefined ? { limit: options.limit } : {}) },
      ),
    );
  }
  const failed = result.nodes.filter(isFailure).length;
  const collected = result.nodes.length - failed;
  if (collected === 0) return 1;
  return failed > 0 || result.skipped.length > 0 ? EXIT_PARTIAL : 0;
}

/** The executors' warnings (e.g. an outdated agent image) on stderr, once per distinct text. */
function printWarnings(io: CliIo, nodes: readonly NodeOutcome[]): void {
  const seen = new Set<string>();
  for (const outcome of nodes) {
    if (isFailure(outcome)) continue;
    for (const warning of outcome.warnings ?? []) {
      if (seen.has(warning)) continue;
      seen.add(warning);
      io.stderr.write(`netcheck: warning: ${warning}\n`);
    }
  }
}

function printError(io: CliIo, error: NodeError): void {
  io.stderr.write(`netcheck: ${error.message}\n  → ${error.hint}\n`);
}

async function collectLocally(options: CollectOptions, io: CliIo): Promise<number> {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    io.stderr.write('netcheck: not running as root: conntrack, iptables and nft sections will be incomplete\n');
  }
  const args = collectorArgs({ interval: options.interval, deadline: options.deadline });
  const result = await runCollectorLocally({ args, timeoutMs: ((options.deadline ?? 60) + 30) * 1000 });
  if (result.exitCode !== 0 && result.stdout === '') {
    io.stderr.write(`netcheck: the collector failed (exit ${result.exitCode}): ${result.stderr.trim()}\n`);
    return 1;
  }
  const url = prometheusUrl(options, io);
  const diagnosis = url
    ? await withPrometheusCheck(diagnoseText(result.stdout), { url, node: hostname(), addresses: localAddresses() }, io)
    : diagnoseText(result.stdout);
  return printDiagnosis(diagnosis, options, io);
}

function prometheusUrl(options: CollectOptions, io: CliIo): string | undefined {
  const url = options.prometheus ?? io.env.PROMETHEUS_URL;
  return url ? url : undefined;
}

/** This machine's addresses, as node_exporter targets name it (`instance="10.0.0.7:9100"`). */
function localAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && !a.internal)
    .map((a) => a!.address);
}
