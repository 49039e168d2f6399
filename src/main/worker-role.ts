// The worker role: the BullMQ workers that run collections and sweeps, on the service's parts (the executor, agent
// pods or debug pods per NETCHECK_EXEC_MODE, is built in create-service-parts.ts).
import { createCollectWorker } from '../adapters/queue/collect-worker.js';
import { createSweepWorker } from '../adapters/queue/sweep-worker.js';
import type { ServiceParts } from './create-service-parts.js';

export interface WorkerRole {
  /** Stops taking jobs; running ones finish within `timeoutMs`, the rest go back to the queue. */
  close(timeoutMs: number): Promise<void>;
}

/** Starts the collect and sweep workers on the parts' worker connection. */
export async function startWorkerRole(parts: ServiceParts): Promise<WorkerRole> {
  const { config, nodes } = parts;
  if (!nodes) throw new Error('the worker role needs the service parts of a worker');
  const common = {
    connection: parts.workerConnection,
    prefix: config.redis.prefix,
    executor: nodes.executor,
    store: parts.store,
    thread: parts.thread,
    logger: parts.logger.child({ role: 'worker' }),
    interval: config.exec.intervalSeconds,
    clock: parts.clock,
  };
  const collectWorker = createCollectWorker({
    ...common,
    ...(nodes.resolveNode ? { resolveNode: nodes.resolveNode } : {}),
    registry: parts.registry,
    concurrency: config.exec.concurrency,
    jobDeadlineMs: config.exec.jobDeadlineSeconds * 1000,
    closeTimeoutMs: config.shutdownTimeoutSeconds * 1000,
    ...parts.prometheus,
  });
  const sweepWorker = createSweepWorker({
    ...common,
    listNodes: nodes.listNodes,
    concurrency: config.exec.sweepConcurrency,
    closeTimeoutMs: config.shutdownTimeoutSeconds * 1000,
  });
  return {
    async close(timeoutMs) {
      await Promise.all([collectWorker.close(timeoutMs), sweepWorker.close(timeoutMs)]);
    },
  };
}
