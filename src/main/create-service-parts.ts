// Every adapter of `netcheck serve`, built once from the configuration: the Redis connections, the incident store,
// claims, thread log and thread, the Slack poster, the queues, the Alertmanager and Prometheus clients, the node
// executor and the clock. The roles (bot-role.ts, worker-role.ts) start servers and workers on these parts.
import { collectDefaultMetrics, Registry } from 'prom-client';
import { createSilence } from '../adapters/alertmanager/create-silence.js';
import { findAlerts } from '../adapters/alertmanager/find-alerts.js';
import { type AlertQueue, type AlertQueueOptions, createAlertQueue } from '../adapters/queue/alert-queue.js';
import { type CollectQueue, type CollectQueueOptions, createCollectQueue } from '../adapters/queue/collect-queue.js';
import { RedisClaims } from '../adapters/redis/claims.js';
import { RedisIncidentStore } from '../adapters/redis/incident-store.js';
import { createRedisConnection, type RedisConnection } from '../adapters/redis/redis-connection.js';
import { isTransientRedisError } from '../adapters/redis/redis-errors.js';
import type { LockOptions } from '../adapters/redis/redis-lock.js';
import { createReplayGuard } from '../adapters/redis/replay-guard.js';
import { RedisThreadLog } from '../adapters/redis/thread-log.js';
import { createSlackPoster, type SlackPoster, type SlackPosterOptions } from '../adapters/slack/slack-poster.js';
import type { LabelledAlert } from '../alerts/silence-matchers.js';
import type { CollectNodeOptions } from '../app/collect-node.js';
import type { Clock } from '../app/ports/clock.js';
import { systemClock } from '../app/ports/clock.js';
import type { MetricsSource } from '../app/ports/metrics-source.js';
import type { ReplayGuard } from '../app/ports/replay-guard.js';
import type { AlertDeliveryDeps } from '../app/process-alert-delivery.js';
import type { RunSweepOptions } from '../app/run-sweep.js';
import { SlackIncidentThread } from '../app/slack-incident-thread.js';
import type { NodeExecutor } from '../exec/node-executor.js';
import type { NodeResolver } from '../exec/node-subject.js';
import type { PostableSilence } from '../incident/incident-silences.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';

/** The cluster as the worker reaches it: the executor, node resolution and the node list of a sweep. */
export interface NodeAccess {
  executor: NodeExecutor;
  /** Finds the node a job means; without it the job's node goes to the executor as it is. */
  resolveNode?: NodeResolver;
  listNodes: RunSweepOptions['listNodes'];
}

/** Timings the configuration does not set (the defaults are the deployed ones; tests speed them up). */
export interface ServiceTuning {
  slack?: Omit<SlackPosterOptions, 'token' | 'apiUrl' | 'logger' | 'metrics'>;
  /** The incident lock's timings (how long a delivery waits for it). */
  storeLock?: LockOptions;
  collectQueue?: Pick<CollectQueueOptions, 'attempts' | 'backoffMs'>;
  alertQueue?: Omit<AlertQueueOptions, 'duplicateWindowMs'>;
  /** How long a delivery that meets a busy incident or an unreachable Redis waits, and for how long at most. */
  alertDelivery?: Pick<AlertDeliveryDeps, 'retryDelayMs' | 'maxWaitMs'>;
}

export interface ServicePartsOptions {
  /** The environment the Kubernetes client reads (KUBECONFIG, the in-cluster ServiceAccount). @defaultValue process.env */
  env?: NodeJS.ProcessEnv;
  /** @defaultValue systemClock */
  clock?: Clock;
  tuning?: ServiceTuning;
  /** The cluster reached some other way than `config.exec` says (a test's executor); skips loading the Kubernetes client. */
  nodes?: NodeAccess;
}

/** Alertmanager's API (ALERTMANAGER_URL): silences and the alerts they would mute. */
export interface AlertmanagerClient {
  createSilence(silence: PostableSilence): Promise<string>;
  findAlerts(matchers: Parameters<typeof findAlerts>[1]): Promise<LabelledAlert[]>;
}

export interface ServiceParts {
  config: Config;
  logger: Logger;
  clock: Clock;
  /** The service's /metrics registry (default Node metrics, Slack, queues, intake). */
  registry: Registry;
  /** Commands that fail fast while Redis is down (the stores, the queues' adds). */
  producer: RedisConnection;
  /** Blocking connection for the BullMQ workers. */
  workerConnection: RedisConnection;
  slack: SlackPoster;
  store: RedisIncidentStore;
  claims: RedisClaims;
  log: RedisThreadLog;
  thread: SlackIncidentThread;
  collections: CollectQueue;
  replayGuard: ReplayGuard;
  /** The `alerts` queue and what its processor needs: with the bot role only (NETCHECK_CHANNEL is required there). */
  alerts?: { queue: AlertQueue; delivery: AlertDeliveryDeps };
  alertmanager?: AlertmanagerClient;
  /** The worker's view of the cluster: with the worker role only (loads the Kubernetes client). */
  nodes?: NodeAccess;
  /** Prometheus (PROMETHEUS_URL) and the chart it feeds, for the worker. */
  prometheus?: Required<Pick<CollectNodeOptions, 'metrics' | 'renderPng' | 'chartSvg'>>;
  /** Closes the queues, the Slack poster (its queued posts get `slackGraceMs`) and the Redis connections. */
  close(slackGraceMs?: number): Promise<void>;
}

/** The cluster as `config.exec` describes it; the Kubernetes client is loaded only here. */
async function kubernetesNodes(config: Config, logger: Logger, env: NodeJS.ProcessEnv): Promise<NodeAccess> {
  const [kube, nodes, agent, debugPod] = await Promise.all([
    import('../adapters/k8s/kube-client.js'),
    import('../adapters/k8s/list-nodes.js'),
    import('../adapters/k8s/agent-executor.js'),
    import('../adapters/k8s/debug-pod-executor.js'),
  ]);
  const client = kube.loadKubeClient({
    env,
    ...(config.exec.kubeconfig !== undefined ? { kubeconfig: config.exec.kubeconfig } : {}),
    ...(config.exec.namespace !== undefined ? { namespace: config.exec.namespace } : {}),
  });
  logger.info(
    { mode: config.exec.mode, server: client.server, namespace: client.namespace },
    'collections reach nodes through Kubernetes',
  );
  return {
    executor:
      config.exec.mode === 'agent'
        ? agent.createAgentExecutor({ client })
        : debugPod.createDebugPodExecutor({ client }),
    // Every job's node is found here (an alert's labels, a typed name or address), once, before the executor runs.
    resolveNode: (subject, signal) => nodes.resolveNode(client, subject, signal),
    listNodes: (selector, signal) =>
      nodes.listNodes(client, { ...(selector ? { labelSelector: selector } : {}), ...(signal ? { signal } : {}) }),
  };
}

/** Prometheus and the chart, loaded only by a worker that has PROMETHEUS_URL. */
async function prometheusParts(url: string): Promise<NonNullable<ServiceParts['prometheus']>> {
  const [prometheus, chart, png] = await Promise.all([
    import('../adapters/prometheus/prometheus-client.js'),
    import('../render/chart/conntrack-chart-svg.js'),
    import('../adapters/chart/render-png.js'),
  ]);
  const metrics: MetricsSource = prometheus.createPrometheusClient({ url });
  return { metrics, renderPng: (svg: string) => png.renderPng(svg), chartSvg: chart.conntrackChartSvg };
}

/** Builds the parts `config.role` needs, each once. Close them with `close()` after the roles have stopped. */
export async function createServiceParts(
  config: Config,
  logger: Logger,
  options: ServicePartsOptions = {},
): Promise<ServiceParts> {
  const tuning = options.tuning ?? {};
  const clock = options.clock ?? systemClock;
  const prefix = config.redis.prefix;
  const producer = createRedisConnection(config.redis.url, { name: 'netcheck-producer' });
  const workerConnection = createRedisConnection(config.redis.url, { forWorker: true, name: 'netcheck-worker' });
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'netcheck_' });
  const slack = createSlackPoster({
    ...tuning.slack,
    token: config.slack.botToken,
    apiUrl: config.slack.apiUrl,
    logger: logger.child({ component: 'slack' }),
    metrics: registry,
  });
  const store = new RedisIncidentStore(producer, prefix, tuning.storeLock);
  const claims = new RedisClaims(producer, prefix);
  const log = new RedisThreadLog(producer, prefix);
  const thread = new SlackIncidentThread({ slack, store, claims, log });
  const collections = createCollectQueue({
    ...tuning.collectQueue,
    connection: producer,
    prefix,
    triageDebounceMs: config.triage.debounceSeconds * 1000,
  });
  const duplicateWindowMs = config.duplicateWindowSeconds * 1000;
  const channel = config.channel;
  const alerts =
    config.role !== 'worker' && channel !== undefined
      ? {
          queue: createAlertQueue(producer, prefix, { ...tuning.alertQueue, duplicateWindowMs }),
          delivery: {
            store,
            thread,
            claims,
            collections,
            isTransient: isTransientRedisError,
            clock,
            cluster: config.cluster,
            defaultChannel: channel,
            routes: config.routes,
            triageRules: config.triage.rules,
            triageMaxNodes: config.triage.maxNodes,
            duplicateWindowMs,
            ...tuning.alertDelivery,
          },
        }
      : undefined;
  const amUrl = config.alertmanager.url;
  const alertmanager: AlertmanagerClient | undefined =
    amUrl !== undefined
      ? {
          createSilence: (silence) => createSilence(amUrl, silence),
          findAlerts: (matchers) => findAlerts(amUrl, matchers),
        }
      : undefined;

  const closeAll = async (slackGraceMs?: number) => {
    await Promise.all([collections.close(), alerts?.queue.close()]);
    // Posts still queued (a Slack outage) must not hold the process past its grace period.
    await (slackGraceMs === undefined
      ? slack.close()
      : Promise.race([slack.close(), new Promise((resolve) => setTimeout(resolve, slackGraceMs).unref())]));
    await Promise.all([producer, workerConnection].map((c) => c.quit().catch(() => c.disconnect())));
  };
  let nodes: NodeAccess | undefined;
  let prometheus: ServiceParts['prometheus'];
  try {
    if (config.role !== 'bot') {
      nodes = options.nodes ?? (await kubernetesNodes(config, logger, options.env ?? process.env));
      if (config.prometheusUrl !== undefined) prometheus = await prometheusParts(config.prometheusUrl);
    }
  } catch (error) {
    await closeAll();
    throw error;
  }
  return {
    config,
    logger,
    clock,
    registry,
    producer,
    workerConnection,
    slack,
    store,
    claims,
    log,
    thread,
    collections,
    replayGuard: createReplayGuard(producer, prefix),
    ...(alerts ? { alerts } : {}),
    ...(alertmanager ? { alertmanager } : {}),
    ...(nodes ? { nodes } : {}),
    ...(prometheus ? { prometheus } : {}),
    close: closeAll,
  };
}
