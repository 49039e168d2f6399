// A small world for worker tests, built from the real parts: a real Redis, the fake kube-apiserver with netcheck
// agent pods whose exec prints a report the real collector printed, the agent executor against it, the collection
// queue, and the fake Slack Web API. Every "process" (the bot that enqueues, each worker) has its own Redis
// connection, RedisIncidentStore, post-once Claims, Slack poster and SlackIncidentThread, as separate replicas would;
// they share Redis and Slack. Assertions read what Slack shows: the incident thread, its files, the root message.
import { pino } from 'pino';
import { createAgentExecutor } from '../../src/adapters/k8s/agent-executor.js';
import type { KubeClient } from '../../src/adapters/k8s/kube-client.js';
import { type CollectQueue, createCollectQueue } from '../../src/adapters/queue/collect-queue.js';
import {
  type CollectWorker,
  type CollectWorkerOptions,
  createCollectWorker,
} from '../../src/adapters/queue/collect-worker.js';
import { RedisClaims } from '../../src/adapters/redis/claims.js';
import { RedisIncidentStore } from '../../src/adapters/redis/incident-store.js';
import { RedisThreadLog } from '../../src/adapters/redis/thread-log.js';
import { createSlackPoster } from '../../src/adapters/slack/slack-poster.js';
import type { CollectionJob } from '../../src/app/ports/collection-queue.js';
import { manualIncident } from '../../src/app/request-collections.js';
import { SlackIncidentThread } from '../../src/app/slack-incident-thread.js';
import type { NodeExecutor } from '../../src/exec/node-executor.js';
import type { Incident } from '../../src/incident/incident.js';
import { scriptedExec } from './exec-handlers.js';
import { type FakeKubeApiserver, startFakeKubeApiserver } from './fake-kube-apiserver.js';
import type { ExecHandler } from './fake-kube-exec.js';
import { type FakeFile, type FakeMessage, type FakeSlack, startFakeSlack } from './fake-slack.js';
import { kubeClientFor, sampleReport } from './k8s-helpers.js';
import { makeNode, makeRunningPod } from './kube-objects.js';
import { alice, producer, track, uniquePrefix, workerConnection } from './queue-helpers.js';
import type { RedisServer } from './redis-server.js';

export { sampleReport };

const AGENT = { 'app.kubernetes.io/name': 'netcheck-agent' };
export const silent = pino({ level: 'silent' });
/** The fake workspace's incident channel. */
export const CHANNEL = 'C0INCIDENTS';

/** One replica's view of Redis and Slack: what the bot or a worker process builds at start-up. */
export interface Replica {
  store: RedisIncidentStore;
  thread: SlackIncidentThread;
}

export interface QueueWorld {
  api: FakeKubeApiserver;
  slack: FakeSlack;
  client: KubeClient;
  executor: NodeExecutor;
  queue: CollectQueue;
  /** The bot replica (enqueues and announces). */
  store: RedisIncidentStore;
  thread: SlackIncidentThread;
  prefix: string;
  /** A manual incident with its root message posted. */
  incident: Incident;
  /** A new replica on the same Redis, prefix and Slack. */
  replica(): Replica;
  /** Starts one more worker process (its own replica) on the same Redis and prefix. */
  worker(options?: Partial<CollectWorkerOptions>): CollectWorker;
  /** Enqueues a manual collection of `node` and posts its "queued" entry the way request-collections does. */
  request(node: string, requestedAt?: string): Promise<string>;
  /** The thread of `incident` (default: the world's) as Slack shows it, in order. */
  messages(incident?: Incident): FakeMessage[];
  /** One line per thread message: its fallback text, or `file:<name>` for a file share. */
  view(incident?: Incident): string[];
  /** Files shared into the thread of `incident`, with their bytes. */
  files(incident?: Incident): FakeFile[];
  /** The root message of `incident`, latest state. */
  root(incident?: Incident): FakeMessage;
}

export interface QueueWorldOptions {
  nodes?: string[];
  withoutAgent?: string[];
  attempts?: number;
  backoffMs?: number;
  exec?: ExecHandler;
  /** Send the real collector script (for an exec handler that runs it); a stub otherwise (a scripted report). */
  realCollector?: boolean;
}

/** A stored manual incident about `nodes`, root message posted through `replica`. */
export async function openManualIncident(replica: Replica, nodes: string[], extra: Partial<Incident> = {}) {
  const incident = {
    ...manualIncident({
      nodes,
      requester: alice,
      channel: CHANNEL,
      cluster: 'test-cluster',
      at: new Date().toISOString(),
    }),
    ...extra,
  };
  const stored = await replica.store.update(incident.id, () => incident);
  return replica.thread.ensureRoot(stored ?? incident);
}

/** The line `view` shows for a message. */
export function lineOf(message: FakeMessage): string {
  return message.files ? message.files.map((f) => `file:${f.name}`).join(' ') : message.text;
}

export async function startQueueWorld(redis: RedisServer, options: QueueWorldOptions = {}): Promise<QueueWorld> {
  const nodes = options.nodes ?? ['node-7', 'node-8'];
  const api = await startFakeKubeApiserver({
    nodes: nodes.map((name, i) => makeNode(name, { internalIP: `10.0.1.${i + 10}` })),
    pods: nodes.flatMap((name, i) =>
      options.withoutAgent?.includes(name)
        ? []
        : [makeRunningPod(`netcheck-agent-${i}x7k2`, { namespace: 'netcheck', node: name, labels: AGENT })],
    ),
    exec: options.exec ?? scriptedExec({ stdout: sampleReport }),
  });
  track({ close: () => api.close() });
  const slack = await startFakeSlack();
  track({ close: () => slack.close() });
  const client = kubeClientFor(api, { namespace: 'netcheck' });
  const executor = createAgentExecutor({
    client,
    ...(options.realCollector ? {} : { script: 'echo collector' }),
  });
  const prefix = uniquePrefix();

  const replica = (): Replica => {
    const connection = producer(redis.url);
    const store = new RedisIncidentStore(connection, prefix);
    const poster = track(
      createSlackPoster({
        token: slack.token,
        apiUrl: slack.apiUrl,
        perChannelPerSecond: 100,
        burst: 100,
        backoffBaseMs: 20,
        backoffCapMs: 100,
      }),
    );
    return {
      store,
      thread: new SlackIncidentThread({
        slack: poster,
        store,
        claims: new RedisClaims(connection, prefix),
        log: new RedisThreadLog(connection, prefix),
      }),
    };
  };

  const bot = replica();
  const incident = await openManualIncident(bot, nodes);
  const queue = track(
    createCollectQueue({
      connection: producer(redis.url),
      prefix,
      attempts: options.attempts ?? 3,
      backoffMs: options.backoffMs ?? 200,
    }),
  );
  const rootOf = (of: Incident = incident) => of.rootTs ?? '';
  let count = 0;
  const world: QueueWorld = {
    api,
    slack,
    client,
    executor,
    queue,
    store: bot.store,
    thread: bot.thread,
    prefix,
    incident,
    replica,
    worker: (extra = {}) => {
      const own = replica();
      return track(
        createCollectWorker({
          connection: workerConnection(redis.url),
          prefix,
          concurrency: 2,
          executor,
          store: own.store,
          thread: own.thread,
          logger: silent,
          jobDeadlineMs: 10_000,
          interval: 1,
          queuedWaitMs: 2000,
          stalledIntervalMs: 1000,
          name: `worker-${++count}`,
          ...extra,
        }),
      );
    },
    async request(node, requestedAt = new Date().toISOString()) {
      const job: CollectionJob = { incidentId: incident.id, node, reason: 'command', requestedAt };
      const outcome = await queue.enqueue(job);
      if (outcome.state === 'debounced') throw new Error('unexpected debounce');
      await bot.thread.postEntry(incident, `queued:${outcome.jobId}`, {
        type: 'collection-queued',
        at: requestedAt,
        nodes: [node],
        reason: 'command',
      });
      return outcome.jobId;
    },
    messages: (of) => slack.thread(CHANNEL, rootOf(of)),
    view: (of) => world.messages(of).map(lineOf),
    files: (of) => slack.files().filter((f) => f.completed && f.threadTs === rootOf(of)),
    root: (of) => {
      const found = slack.workspace.find(CHANNEL, rootOf(of));
      if (!found) throw new Error(`no root message for ${(of ?? incident).id}`);
      return found;
    },
  };
  return world;
}
