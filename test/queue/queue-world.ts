// A small world for worker tests: a real Redis, the fake kube-apiserver with netcheck agent pods whose exec prints
// a report the real collector printed, the agent executor against it, the collection queue, and the recording ports.
import { pino } from 'pino';
import { createAgentExecutor } from '../../src/adapters/k8s/agent-executor.js';
import type { KubeClient } from '../../src/adapters/k8s/kube-client.js';
import { type CollectQueue, createCollectQueue } from '../../src/adapters/queue/collect-queue.js';
import {
  type CollectWorker,
  type CollectWorkerOptions,
  createCollectWorker,
} from '../../src/adapters/queue/collect-worker.js';
import type { NodeExecutor } from '../../src/exec/node-executor.js';
import type { Incident } from '../../src/incident/incident.js';
import type { CollectionJob } from '../../src/serve/ports.js';
import { kubeClientFor, sampleReport } from '../k8s/k8s-helpers.js';
import { scriptedExec } from '../support/exec-handlers.js';
import { type FakeKubeApiserver, startFakeKubeApiserver } from '../support/fake-kube-apiserver.js';
import { makeNode, makeRunningPod } from '../support/kube-objects.js';
import type { RedisServer } from '../support/redis-server.js';
import { producer, track, uniquePrefix, workerConnection } from './queue-helpers.js';
import { createMemoryStore, createRecordingThread, manualIncident, type RecordingThread } from './recording-ports.js';

export { sampleReport };

const AGENT = { 'app.kubernetes.io/name': 'netcheck-agent' };
export const silent = pino({ level: 'silent' });

export interface QueueWorld {
  api: FakeKubeApiserver;
  client: KubeClient;
  executor: NodeExecutor;
  queue: CollectQueue;
  store: ReturnType<typeof createMemoryStore>;
  thread: RecordingThread;
  prefix: string;
  incident: Incident;
  /** Starts one more worker on the same Redis and prefix. */
  worker(options?: Partial<CollectWorkerOptions>): CollectWorker;
  /** Enqueues a manual collection of `node` and posts its "queued" entry the way request-collections does. */
  request(node: string, requestedAt?: string): Promise<string>;
}

export async function startQueueWorld(
  redis: RedisServer,
  options: { nodes?: string[]; withoutAgent?: string[]; attempts?: number; backoffMs?: number } = {},
): Promise<QueueWorld> {
  const nodes = options.nodes ?? ['node-7', 'node-8'];
  const api = await startFakeKubeApiserver({
    nodes: nodes.map((name, i) => makeNode(name, { internalIP: `10.0.1.${i + 10}` })),
    pods: nodes.flatMap((name, i) =>
      options.withoutAgent?.includes(name)
        ? []
        : [makeRunningPod(`netcheck-agent-${i}x7k2`, { namespace: 'netcheck', node: name, labels: AGENT })],
    ),
    exec: scriptedExec({ stdout: sampleReport }),
  });
  track({ close: () => api.close() });
  const client = kubeClientFor(api, { namespace: 'netcheck' });
  const executor = createAgentExecutor({ client, script: 'echo collector' });
  const prefix = uniquePrefix();
  const incident = manualIncident('man-test1', nodes);
  const store = createMemoryStore([incident]);
  const thread = createRecordingThread(store);
  const queue = track(
    createCollectQueue({
      connection: producer(redis.url),
      prefix,
      attempts: options.attempts ?? 3,
      backoffMs: options.backoffMs ?? 200,
    }),
  );
  let count = 0;
  return {
    api,
    client,
    executor,
    queue,
    store,
    thread,
    prefix,
    incident,
    worker: (extra = {}) =>
      track(
        createCollectWorker({
          connection: workerConnection(redis.url),
          prefix,
          concurrency: 2,
          executor,
          store,
          thread,
          logger: silent,
          jobDeadlineMs: 10_000,
          interval: 1,
          queuedWaitMs: 2000,
          stalledIntervalMs: 1000,
          name: `worker-${++count}`,
          ...extra,
        }),
      ),
    async request(node, requestedAt = new Date().toISOString()) {
      const job: CollectionJob = { incidentId: incident.id, node, reason: 'command', requestedAt };
      const outcome = await queue.enqueue(job);
      if (outcome.state === 'debounced') throw new Error('unexpected debounce');
      await thread.postEntry(incident, `queued:${outcome.jobId}`, {
        type: 'collection-queued',
        at: requestedAt,
        nodes: [node],
        reason: 'command',
      });
      return outcome.jobId;
    },
  };
}
