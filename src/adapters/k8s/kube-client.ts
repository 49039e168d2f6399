// Which cluster and namespace to talk to: a kubeconfig from --kubeconfig, $KUBECONFIG or ~/.kube/config (with
// --context), else the pod's in-cluster ServiceAccount. Unlike client-node's loadFromDefault, a machine with neither
// gets an error, never a silent http://localhost:8080.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import {
  type ConfigurationOptions,
  CoreV1Api,
  KubeConfig,
  Observable,
  type ObservableMiddleware,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';
import { nearNames } from '../../exec/near-names.js';
import { NodeExecError } from '../../exec/node-exec-error.js';

export const DEFAULT_NAMESPACE = 'netcheck';
const SERVICEACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface KubeClientOptions {
  /** Kubeconfig file(s), joined like $KUBECONFIG. @defaultValue env.KUBECONFIG, then ~/.kube/config */
  kubeconfig?: string;
  /** Context to use instead of the kubeconfig's current one. */
  context?: string;
  /** Namespace netcheck is installed in (agent pods, debug pods). @defaultValue the in-cluster namespace, else netcheck */
  namespace?: string;
  /** Use the pod's ServiceAccount even when a kubeconfig exists. @defaultValue false */
  inCluster?: boolean;
  /** Milliseconds each REST call may take. @defaultValue 15000 */
  requestTimeoutMs?: number;
  /** @defaultValue process.env */
  env?: NodeJS.ProcessEnv;
  /** Prefix of the ServiceAccount directory (tests). @defaultValue '' */
  serviceAccountPrefix?: string;
}

export interface KubeClient {
  kc: KubeConfig;
  core: CoreV1Api;
  namespace: string;
  /** The API server URL, for messages. */
  server: string;
  requestTimeoutMs: number;
}

const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function configError(message: string, hint: string, cause?: unknown): NodeExecError {
  return new NodeExecError('apiserver-unreachable', message, hint, { cause });
}

function loadFiles(kc: KubeConfig, files: string[]): void {
  const [first, ...rest] = files;
  if (!first) return;
  for (const file of files) {
    if (!existsSync(file)) {
      throw configError(`kubeconfig ${file} does not exist`, 'Point --kubeconfig or KUBECONFIG at an existing file.');
    }
  }
  try {
    const configs = [first, ...rest].map((file) => {
      const config = new KubeConfig();
      config.loadFromFile(file);
      return config;
    });
    // As kubectl merges $KUBECONFIG: the first file to define a name wins (client-node's mergeConfig throws).
    const firstOf = <T extends { name: string }>(lists: readonly (readonly T[])[]): T[] => {
      const seen = new Set<string>();
      return lists.flat().filter((item) => !seen.has(item.name) && Boolean(seen.add(item.name)));
    };
    kc.loadFromOptions({
      clusters: firstOf(configs.map((c) => c.clusters)),
      users: firstOf(configs.map((c) => c.users)),
      contexts: firstOf(configs.map((c) => c.contexts)),
      currentContext: configs.find((c) => c.currentContext)?.currentContext ?? '',
    });
  } catch (error) {
    throw configError(
      `cannot read kubeconfig ${files.join(delimiter)}: ${(error as Error).message}`,
      'Check that the file is a valid kubeconfig (`kubectl config view` reads the same files).',
      error,
    );
  }
}

/**
 * The pod's ServiceAccount, as client-node's loadFromCluster builds it but from `env` (not process.env) and always
 * over https (loadFromCluster picks http for ports 80/8080/8001, which it then refuses to use).
 */
function loadInCluster(kc: KubeConfig, env: NodeJS.ProcessEnv, prefix: string): void {
  const host = env.KUBERNETES_SERVICE_HOST ?? '';
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${env.KUBERNETES_SERVICE_PORT || '443'}`;
  kc.loadFromOptions({
    clusters: [{ name: 'in-cluster', server, caFile: `${prefix}${SERVICEACCOUNT_DIR}/ca.crt`, skipTLSVerify: false }],
    // The token file is read again on later requests: projected tokens rotate.
    users: [
      {
        name: 'in-cluster',
        authProvider: { name: 'tokenFile', config: { tokenFile: `${prefix}${SERVICEACCOUNT_DIR}/token` } },
      },
    ],
    contexts: [{ name: 'in-cluster', cluster: 'in-cluster', user: 'in-cluster' }],
    currentContext: 'in-cluster',
  });
}

/** Loads the kubeconfig (or in-cluster config), applies --context and picks netcheck's namespace. Throws NodeExecError. */
export function loadKubeClient(options: KubeClientOptions = {}): KubeClient {
  const env = options.env ?? process.env;
  const prefix = options.serviceAccountPrefix ?? '';
  const kc = new KubeConfig();
  const files = (options.kubeconfig ?? env.KUBECONFIG ?? '').split(delimiter).filter(Boolean);
  const homeConfig = join(env.HOME ?? homedir(), '.kube', 'config');
  const tokenFile = `${prefix}${SERVICEACCOUNT_DIR}/token`;
  const canUseCluster = Boolean(env.KUBERNETES_SERVICE_HOST) && existsSync(tokenFile);
  let inCluster = false;
  if (options.inCluster || (files.length === 0 && !existsSync(homeConfig) && canUseCluster)) {
    if (!canUseCluster) {
      throw configError(
        'not running in a pod: no KUBERNETES_SERVICE_HOST or ServiceAccount token',
        'Run inside the cluster, or drop the in-cluster option and use a kubeconfig.',
      );
    }
    loadInCluster(kc, env, prefix);
    inCluster = true;
  } else if (files.length > 0) {
    loadFiles(kc, files);
  } else if (existsSync(homeConfig)) {
    loadFiles(kc, [homeConfig]);
  } else {
    throw configError(
      'no kubeconfig found (KUBECONFIG is unset, ~/.kube/config does not exist) and not running in a pod',
      'Pass --kubeconfig, set KUBECONFIG, or run netcheck in the cluster with its ServiceAccount.',
    );
  }

  if (options.context !== undefined) {
    if (!kc.getContextObject(options.context)) {
      const near = nearNames(
        options.context,
        kc.getContexts().map((c) => c.name),
      );
      throw configError(
        `context ${JSON.stringify(options.context)} is not in the kubeconfig`,
        near.length > 0 ? `Did you mean ${near.join(' or ')}?` : '`kubectl config get-contexts` lists the contexts.',
      );
    }
    kc.setCurrentContext(options.context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) {
    throw configError(
      `the kubeconfig's current context (${JSON.stringify(kc.getCurrentContext())}) names no cluster`,
      'Pick a context with --context, or fix current-context in the kubeconfig.',
    );
  }

  const namespaceFile = `${prefix}${SERVICEACCOUNT_DIR}/namespace`;
  const ownNamespace = inCluster && existsSync(namespaceFile) ? readFileSync(namespaceFile, 'utf8').trim() : undefined;
  const namespace = options.namespace ?? (ownNamespace || DEFAULT_NAMESPACE);
  if (!NAMESPACE.test(namespace)) {
    throw new NodeExecError(
      'exec-failed',
      `${JSON.stringify(namespace)} is not a namespace name`,
      'Pass --namespace with the namespace netcheck is installed in (a DNS label such as netcheck).',
    );
  }
  const requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
  return { kc, core: kc.makeApiClient(CoreV1Api), namespace, server: cluster.server, requestTimeoutMs };
}

/**
 * Per-call options for client-node that end the request after `timeoutMs` or when `signal` aborts (client-node
 * has no request timeout of its own; an API server that accepts the connection and never answers would hang).
 */
export function callOptions(timeoutMs: number, signal?: AbortSignal): ConfigurationOptions<ObservableMiddleware> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([timeout, signal]) : timeout;
  const middleware: ObservableMiddleware = {
    pre: (context: RequestContext) => {
      context.setSignal(combined);
      return new Observable(Promise.resolve(context));
    },
    post: (context: ResponseContext) => new Observable(Promise.resolve(context)),
  };
  return { middleware: [middleware], middlewareMergeStrategy: 'append' };
}
