// The one world of the service's tests: `netcheck serve`'s own parts (src/main/create-service-parts.ts) configured by
// environment variables as an operator configures them, on a real Redis, the fake Slack and, for collections, the
// fake kube-apiserver with netcheck agent pods. Each replica (`replica()`, every `worker()`) has its own connections,
// store, claims, poster and thread, as separate processes on one Redis and prefix would; `startBot` runs the bot role
// (Bolt, POST /alertmanager, the alert worker) and `serve` the whole service (src/main/start-service.ts) in process.
import { randomUUID } from 'node:crypto';
import { createAgentExecutor } from '../../src/adapters/k8s/agent-executor.js';
import type { KubeClient } from '../../src/adapters/k8s/kube-client.js';
import { listNodes } from '../../src/adapters/k8s/list-nodes.js';
import { createAlertProcessor } from '../../src/adapters/queue/alert-processor.js';
import type { AlertJobData } from '../../src/adapters/queue/alert-queue.js';
import {
  type CollectWorker,
  type CollectWorkerOptions,
  createCollectWorker,
} from '../../src/adapters/queue/collect-worker.js';
import { createSweepWorker, type SweepWorker, type SweepWorkerOptions } from '../../src/adapters/queue/sweep-worker.js';
import { checkBotToken } from '../../src/adapters/slack/slack-identity.js';
import type { AlertmanagerPayload } from '../../src/alerts/alertmanager-payload.js';
import { deliveryKey } from '../../src/alerts/delivery-key.js';
import type { CollectionJob } from '../../src/app/ports/collection-queue.js';
import { manualIncident } from '../../src/app/request-collections.js';
import type { AuthorizationPolicy } from '../../src/chatops/authorize.js';
import type { NodeExecutor } from '../../src/exec/node-executor.js';
import type { Incident } from '../../src/incident/incident.js';
import { startBotRole } from '../../src/main/bot-role.js';
import { loadConfig, type Role } from '../../src/main/config.js';
import {
  createServiceParts,
  type NodeAccess,
  type ServiceParts,
  type ServiceTuning,
} from '../../src/main/create-service-parts.js';
import { createLogger, type Logger } from '../../src/main/logger.js';
import { startService } from '../../src/main/start-service.js';
import { scriptedExec } from './exec-handlers.js';
import { type FakeKubeApiserver, startFakeKubeApiserver } from './fake-kube-apiserver.js';
import type { ExecHandler } from './fake-kube-exec.js';
import { type FakeFile, type FakeMessage, type FakeSlack, startFakeSlack } from './fake-slack.js';
import { kubeClientFor, sampleReport } from './k8s-helpers.js';
import { makeNode, makeRunningPod } from './kube-objects.js';
import { alice } from './queue-helpers.js';

export { sampleReport };

export const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
/** The fake workspace's incident channel (NETCHECK_CHANNEL). */
export const CHANNEL = 'C0INCIDENTS';
/** The bearer token the world's Alertmanager intake expects (ALERTMANAGER_TOKEN). */
export const AM_TOKEN = 'alertmanager-token-0123';

const AGENT = { 'app.kubernetes.io/name': 'netcheck-agent' };

/** Faster than Slack's real pace (about one message a second per channel) and its retries: tests wait less. */
const FAST = {
  slack: { perChannelPerSecond: 50, burst: 50, backoffBaseMs: 20, backoffCapMs: 100 },
} satisfies ServiceTuning;

/** The fake kube-apiserver the worker reaches, with an agent pod on each node unless `withoutAgent`. */
export interface ClusterOptions {
  nodes?: string[];
  withoutAgent?: string[];
  exec?: ExecHandler;
  /** Send the real collector script (for an exec handler that runs it); a stub otherwise (a scripted report). */
  realCollector?: boolean;
}

export interface ServiceWorldOptions {
  /** The fake Slack; one is started (and closed with the world) when absent. */
  slack?: FakeSlack;
  /** NETCHECK_REDIS_PREFIX; replicas of one service share it. @defaultValue a fresh one */
  prefix?: string;
  /** Variables as an operator sets them, over the world's (tokens, REDIS_URL, NETCHECK_CHANNEL, cluster `prod`). */
  env?: Record<string, string>;
  /** @defaultValue a Slack pace of 50 messages a second per channel */
  tuning?: ServiceTuning;
  /** Collections: the fake kube-apiserver, the agent executor against it, and a manual incident on its nodes. */
  cluster?: ClusterOptions;
}

/** One process's parts, and its alerts queue's processor (give it `{ data }` to process a delivery in the test). */
export interface Replica extends ServiceParts {
  alerts: NonNullable<ServiceParts['alerts']>;
  process: ReturnType<typeof createAlertProcessor>;
}

export interface ReplicaOptions {
  env?: Record<string, string>;
  tuning?: ServiceTuning;
}

export interface RunningBot {
  /** `http://127.0.0.1:PORT`: POST /alertmanager, the health routes and, over HTTP, Slack. */
  url: string;
  /** Slack's request URL (`/slack/events`). */
  events: string;
  /** POSTs a payload as Alertmanager does; resolves with the HTTP status (0 when the request itself failed). */
  deliver(body: unknown): Promise<number>;
  close(): Promise<void>;
}

export interface ServiceWorld {
  slack: FakeSlack;
  prefix: string;
  /** The world's environment (what `serve` and every replica are configured from). */
  env: Record<string, string>;
  /** Log lines of every replica so far (JSON, secrets scrubbed). */
  logs: string[];
  /** The first replica (the bot that enqueues, posts roots and announces). */
  parts: Replica;
  /** Another replica on the same Redis, prefix and Slack. */
  replica(options?: ReplicaOptions): Promise<Replica>;
  /** Starts the bot role on `replica` (default: the first); closed with the world. */
  startBot(replica?: Replica): Promise<RunningBot>;
  /** Starts the whole service (role all) from the world's environment plus `env`; stopped with the world. */
  serve(env?: Record<string, string>): Promise<{ url: string; stop(): Promise<void> }>;
  /** Stores an alert incident and posts its root, as the alert processor would. */
  alertIncident(over?: Partial<Incident>): Promise<Incident>;
  close(): Promise<void>;
}

/** A world whose first replica runs the bot role (`startBotWorld`). */
export type BotWorld = ServiceWorld & Omit<RunningBot, 'close'>;

export interface BotWorldOptions extends ServiceWorldOptions {
  /** NETCHECK_ALLOWED_USERS, _GROUPS and _CHANNELS. */
  access?: Partial<AuthorizationPolicy>;
  /** ALERTMANAGER_URL (the silence button). */
  alertmanagerUrl?: string;
  /** Socket Mode with the fake's app token (no signing secret); the routes listen on this port. */
  socketPort?: number;
}

/** The parts of a world made with `cluster`. */
export interface ClusterWorld extends ServiceWorld {
  api: FakeKubeApiserver;
  client: KubeClient;
  executor: NodeExecutor;
  /** A manual incident about the cluster's nodes, root posted. */
  incident: Incident;
  /** Starts one more collect worker process (its own replica). */
  worker(options?: Partial<CollectWorkerOptions>): Promise<CollectWorker>;
  /** Starts a sweep worker process (its own replica). */
  sweeper(options?: Partial<SweepWorkerOptions>): Promise<SweepWorker>;
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

/** `close` run at most once, however often it is called. */
function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= close();
    return closing;
  };
}

/** A world of the bot alone (cluster `prod-eu-1`), its Bolt app and POST /alertmanager on a free port. */
export async function startBotWorld(redis: { url: string }, options: BotWorldOptions = {}): Promise<BotWorld> {
  const { access, alertmanagerUrl, socketPort, ...rest } = options;
  const slack = options.slack ?? (await startFakeSlack());
  const env: Record<string, string> = {
    NETCHECK_CLUSTER: 'prod-eu-1',
    ...(access?.allowedUsers ? { NETCHECK_ALLOWED_USERS: access.allowedUsers.join(',') } : {}),
    ...(access?.allowedGroups ? { NETCHECK_ALLOWED_GROUPS: access.allowedGroups.join(',') } : {}),
    ...(access?.allowedChannels ? { NETCHECK_ALLOWED_CHANNELS: access.allowedChannels.join(',') } : {}),
    ...(alertmanagerUrl !== undefined ? { ALERTMANAGER_URL: alertmanagerUrl } : {}),
    ...(socketPort !== undefined
      ? { SLACK_APP_TOKEN: slack.appToken, SLACK_SIGNING_SECRET: '', PORT: String(socketPort) }
      : {}),
    ...options.env,
  };
  const world = await startServiceWorld(redis, { ...rest, slack, env });
  if (options.slack === undefined) {
    const close = world.close;
    world.close = async () => {
      await close();
      await slack.close();
    };
  }
  const { close: _, ...bot } = await world.startBot();
  return Object.assign(world, bot);
}

/** A stored manual incident about `nodes`, root message posted through `replica`. */
export async function openManualIncident(replica: ServiceParts, nodes: string[], extra: Partial<Incident> = {}) {
  const incident = {
    ...manualIncident({
      nodes,
      requester: alice,
      channel: CHANNEL,
      cluster: replica.config.cluster,
      at: new Date().toISOString(),
    }),
    ...extra,
  };
  const stored = await replica.store.update(incident.id, () => incident);
  return replica.thread.ensureRoot(stored ?? incident);
}

/** A delivery as the `alerts` queue holds it, received at `receivedAt` in cluster `prod` (give it to `process`). */
export function deliveryJob(payload: AlertmanagerPayload, receivedAt: string): { data: AlertJobData } {
  return { data: { payload, deliveryKey: deliveryKey('prod', payload), receivedAt, nonce: randomUUID() } };
}

/** The line `view` shows for a message. */
export function lineOf(message: FakeMessage): string {
  return message.files ? message.files.map((f) => `file:${f.name}`).join(' ') : message.text;
}

/** An alert incident as the alert processor stores it, about node-7 in the world's cluster. */
function sampleAlertIncident(cluster: string, over: Partial<Incident>): Incident {
  const now = new Date().toISOString();
  return {
    id: `inc-${randomUUID().slice(0, 12)}`,
    cluster,
    source: 'alert',
    groupKey: '{}:{alertname="NodeHighNumberConntrackEntriesUsed"}',
    title: 'NodeHighNumberConntrackEntriesUsed',
    status: 'firing',
    channel: CHANNEL,
    createdAt: now,
    updatedAt: now,
    alerts: [
      {
        fingerprint: '4f6c2a1b9e0d7c33',
        alertname: 'NodeHighNumberConntrackEntriesUsed',
        status: 'firing',
        startsAt: now,
        node: 'node-7',
        severity: 'warning',
        summary: 'Number of conntrack are getting close to the limit.',
        labels: {
          alertname: 'NodeHighNumberConntrackEntriesUsed',
          instance: '10.0.1.7:9100',
          node: 'node-7',
          severity: 'warning',
        },
      },
    ],
    commonLabels: { alertname: 'NodeHighNumberConntrackEntriesUsed', severity: 'warning', node: 'node-7' },
    groupLabels: { alertname: 'NodeHighNumberConntrackEntriesUsed' },
    truncatedAlerts: 0,
    resends: 0,
    nodes: ['node-7'],
    checks: [],
    ...over,
  };
}

/** The fake apiserver with agent pods, and the executor and node list the worker reaches it through. */
async function startCluster(options: ClusterOptions) {
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
  const client = kubeClientFor(api, { namespace: 'netcheck' });
  const access: NodeAccess = {
    executor: createAgentExecutor({ client, ...(options.realCollector ? {} : { script: 'echo collector' }) }),
    listNodes: (selector, signal) =>
      listNodes(client, { ...(selector ? { labelSelector: selector } : {}), ...(signal ? { signal } : {}) }),
  };
  return { nodes, api, client, access };
}

/** Starts a world on the Redis at `redis.url`: the first replica, and with `cluster` the fake apiserver. */
export async function startServiceWorld(
  redis: { url: string },
  options: ServiceWorldOptions & { cluster: ClusterOptions },
): Promise<ClusterWorld>;
export async function startServiceWorld(redis: { url: string }, options?: ServiceWorldOptions): Promise<ServiceWorld>;
export async function startServiceWorld(
  redis: { url: string },
  options: ServiceWorldOptions = {},
): Promise<ServiceWorld | ClusterWorld> {
  const ownSlack = options.slack === undefined;
  const slack = options.slack ?? (await startFakeSlack());
  const prefix = options.prefix ?? options.env?.NETCHECK_REDIS_PREFIX ?? `nc-${randomUUID().slice(0, 8)}`;
  const env: Record<string, string> = {
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    REDIS_URL: redis.url,
    NETCHECK_REDIS_PREFIX: prefix,
    NETCHECK_CHANNEL: CHANNEL,
    NETCHECK_CLUSTER: 'prod',
    ALERTMANAGER_TOKEN: AM_TOKEN,
    PORT: '0',
    // Every line of the bot (tests read them); a worker's collections only from info up.
    LOG_LEVEL: options.cluster ? 'info' : 'debug',
    ...options.env,
  };
  const logs: string[] = [];
  const loggers = new Map<string, Logger>();
  const loggerFor = (level: string): Logger => {
    let logger = loggers.get(level);
    if (!logger) {
      logger = createLogger({
        level,
        secrets: [slack.token, env.SLACK_SIGNING_SECRET, env.ALERTMANAGER_TOKEN],
        destination: {
          write(chunk: string) {
            logs.push(...chunk.split('\n').filter(Boolean));
            if (logs.length > 5000) logs.splice(0, logs.length - 5000);
          },
        },
      });
      loggers.set(level, logger);
    }
    return logger;
  };
  const cluster = options.cluster ? await startCluster(options.cluster) : undefined;
  const role: Role = cluster ? 'all' : 'bot';
  const closers: (() => Promise<unknown>)[] = [];
  const later = (close: () => Promise<unknown>) => closers.push(close);
  if (ownSlack) later(() => slack.close());
  if (cluster) later(() => cluster.api.close());

  const replica = async (more: ReplicaOptions = {}): Promise<Replica> => {
    const config = loadConfig({ ...env, ...more.env }, role);
    const parts = await createServiceParts(config, loggerFor(config.logLevel), {
      tuning: {
        ...options.tuning,
        ...more.tuning,
        slack: { ...FAST.slack, ...options.tuning?.slack, ...more.tuning?.slack },
        // Quick retries of a collection (the deployed first delay is 5 s).
        collectQueue: {
          ...(cluster ? { attempts: 3, backoffMs: 200 } : {}),
          ...options.tuning?.collectQueue,
          ...more.tuning?.collectQueue,
        },
      },
      ...(cluster ? { nodes: cluster.access } : {}),
    });
    later(() => parts.close());
    const alerts = parts.alerts;
    if (!alerts) throw new Error('the world runs the bot role, which has the alerts queue');
    return { ...parts, alerts, process: createAlertProcessor(alerts.delivery) };
  };
  const parts = await replica();

  let closed = false;
  const world: ServiceWorld = {
    slack,
    prefix,
    env,
    logs,
    parts,
    replica,
    async startBot(on = parts) {
      const identity = await checkBotToken(slack.token, slack.apiUrl, on.logger);
      const bot = await startBotRole(on, identity);
      const close = once(() => bot.close(1000));
      later(close);
      const url = `http://127.0.0.1:${bot.port}`;
      return {
        url,
        events: `${url}/slack/events`,
        deliver: (body) =>
          fetch(`${url}/alertmanager`, {
            method: 'POST',
            body: JSON.stringify(body),
            headers: { authorization: `Bearer ${env.ALERTMANAGER_TOKEN}` },
          }).then(
            async (response) => {
              await response.arrayBuffer();
              return response.status;
            },
            () => 0,
          ),
        close,
      };
    },
    async serve(more = {}) {
      const all = { ...env, ...more };
      const config = loadConfig(all, 'all');
      const service = await startService(config, loggerFor(config.logLevel), all);
      const stop = once(() => service.stop());
      later(stop);
      return { url: `http://127.0.0.1:${service.port}`, stop };
    },
    async alertIncident(over = {}) {
      const incident = sampleAlertIncident(parts.config.cluster, over);
      await parts.store.update(incident.id, () => incident);
      return parts.thread.ensureRoot(incident);
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const close of closers.splice(0).reverse()) await close().catch(() => {});
    },
  };
  if (!cluster) return world;

  const incident = await openManualIncident(parts, cluster.nodes);
  const rootOf = (of: Incident = incident) => of.rootTs ?? '';
  let count = 0;
  const clusterWorld: ClusterWorld = {
    ...world,
    api: cluster.api,
    client: cluster.client,
    executor: cluster.access.executor,
    incident,
    async worker(extra = {}) {
      const own = await replica();
      const worker = createCollectWorker({
        connection: own.workerConnection,
        prefix,
        concurrency: 2,
        executor: cluster.access.executor,
        store: own.store,
        thread: own.thread,
        logger: own.logger,
        jobDeadlineMs: 10_000,
        interval: 1,
        queuedWaitMs: 2000,
        stalledIntervalMs: 1000,
        name: `worker-${++count}`,
        ...own.prometheus,
        ...extra,
      });
      later(() => worker.close());
      return worker;
    },
    async sweeper(extra = {}) {
      const own = await replica();
      const worker = createSweepWorker({
        connection: own.workerConnection,
        prefix,
        executor: cluster.access.executor,
        listNodes: cluster.access.listNodes,
        store: own.store,
        thread: own.thread,
        logger: own.logger,
        concurrency: 3,
        deadlineSeconds: 10,
        interval: 1,
        queuedWaitMs: 2000,
        ...extra,
      });
      later(() => worker.close());
      return worker;
    },
    async request(node, requestedAt = new Date().toISOString()) {
      const job: CollectionJob = { incidentId: incident.id, node, reason: 'command', requestedAt };
      const outcome = await parts.collections.enqueue(job);
      if (outcome.state === 'debounced') throw new Error('unexpected debounce');
      await parts.thread.postEntry(incident, `queued:${outcome.jobId}`, {
        type: 'collection-queued',
        at: requestedAt,
        nodes: [node],
        reason: 'command',
      });
      return outcome.jobId;
    },
    messages: (of) => slack.thread(CHANNEL, rootOf(of)),
    view: (of) => clusterWorld.messages(of).map(lineOf),
    files: (of) => slack.files().filter((f) => f.completed && f.threadTs === rootOf(of)),
    root: (of) => {
      const found = slack.workspace.find(CHANNEL, rootOf(of));
      if (!found) throw new Error(`no root message for ${(of ?? incident).id}`);
      return found;
    },
  };
  return clusterWorld;
}
