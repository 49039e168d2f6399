// The worker role: the executor (agent pods or debug pods, per NETCHECK_EXEC_MODE) and the BullMQ workers that run
// collections and sweeps. The Kubernetes client is loaded only here.
import type { Registry } from 'prom-client';
import type { RedisConnection } from '../adapters/redis/redis-connection.js';
import type { IncidentStore } from '../app/ports/incident-store.js';
import type { IncidentThread } from '../app/ports/incident-thread.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';

export interface WorkerRole {
  /** Stops taking jobs; running ones finish within `timeoutMs`, the rest go back to the queue. */
  close(timeoutMs: number): Promise<void>;
}

/** Starts the collect and sweep workers on `connection` (a worker connection). */
export async function startWorkerRole(
  config: Config,
  deps: {
    connection: RedisConnection;
    store: IncidentStore;
    thread: IncidentThread;
    logger: Logger;
    env: NodeJS.ProcessEnv;
    /** The service's /metrics registry: queue depths and collection outcomes (see queue-metrics.ts). */
    registry?: Registry;
  },
): Promise<WorkerRole> {
  const [kube, nodes, agent, debugPod, collect, sweep, prometheus, chart, png] = await Promise.all([
    import('../adapters/k8s/kube-client.js'),
    import('../adapters/k8s/list-nodes.js'),
    import('../adapters/k8s/agent-executor.js'),
    import('../adapters/k8s/debug-pod-executor.js'),
    import('../adapters/queue/collect-worker.js'),
    import('../adapters/queue/sweep-worker.js'),
    import('../adapters/prometheus/prometheus-client.js'),
    import('../render/chart/conntrack-chart-svg.js'),
    import('../adapters/chart/render-png.js'),
  ]);
  const client = kube.loadKubeClient({
    env: deps.env,
    ...(config.exec.kubeconfig !== undefined ? { kubeconfig: config.exec.kubeconfig } : {}),
    ...(config.exec.namespace !== undefined ? { namespace: config.exec.namespace } : {}),
  });
  const executor =
    config.exec.mode === 'agent' ? agent.createAgentExecutor({ client }) : debugPod.createDebugPodExecutor({ client });
  const logger = deps.logger.child({ role: 'worker' });
  deps.logger.info(
    { mode: config.exec.mode, server: client.server, namespace: client.namespace },
    'collections reach nodes through Kubernetes',
  );
  const common = {
    connection: deps.connection,
    prefix: config.redis.prefix,
    executor,
    store: deps.store,
    thread: deps.thread,
    logger,
    interval: config.exec.intervalSeconds,
  };
  const collectWorker = collect.createCollectWorker({
    ...common,
    // Every job's node is found here (an alert's labels, a typed name or address), once, before the executor runs.
    resolveNode: (subject, signal) => nodes.resolveNode(client, subject, signal),
    ...(deps.registry ? { registry: deps.registry } : {}),
    concurrency: config.exec.concurrency,
    jobDeadlineMs: config.exec.jobDeadlineSeconds * 1000,
    closeTimeoutMs: config.shutdownTimeoutSeconds * 1000,
    ...(config.prometheusUrl !== undefined
      ? {
          metrics: prometheus.createPrometheusClient({ url: config.prometheusUrl }),
          renderPng: (svg: string) => png.renderPng(svg),
          chartSvg: chart.conntrackChartSvg,
        }
      : {}),
  });
  const sweepWorker = sweep.createSweepWorker({
    ...common,
    listNodes: (selector, signal) =>
      nodes.listNodes(client, { ...(selector ? { labelSelector: selector } : {}), ...(signal ? { signal } : {}) }),
    concurrency: config.exec.sweepConcurrency,
    closeTimeoutMs: config.shutdownTimeoutSeconds * 1000,
  });
  return {
    async close(timeoutMs) {
      await Promise.all([collectWorker.close(timeoutMs), sweepWorker.close(timeoutMs)]);
    },
  };
}
