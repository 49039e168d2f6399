// The REST side of the fake apiserver: discovery, nodes, namespaces and pods, answered from its state.

import { apiGroupList, apiVersions, coreV1Resources, versionInfo } from './fake-kube-discovery.js';
import { containerEnv } from './fake-kube-env.js';
import type { ExecCall, ExecStreams } from './fake-kube-exec.js';
import type { PodStore } from './fake-kube-pods.js';
import { type FieldReaders, listResponse } from './kube-list.js';
import type { INamespace, INode, IPod } from './kube-objects.js';
import { requestAttributes } from './kube-request-attributes.js';
import { SelectorError } from './kube-selectors.js';
import { badRequest, type KubeStatus, kubeStatus, notFound, unknownPath } from './kube-status.js';

export interface Reply {
  code: number;
  body: object;
}

export interface ApiState {
  version: string;
  serverAddress: string;
  nodes: Map<string, INode>;
  namespaces: Map<string, INamespace>;
  pods: PodStore;
  resourceVersion: () => string;
}

const NODE_FIELDS: FieldReaders<INode> = {
  'metadata.name': (n) => n.metadata?.name,
  'spec.unschedulable': (n) => String(n.spec?.unschedulable ?? false),
};

export const POD_FIELDS: FieldReaders<IPod> = {
  'metadata.name': (p) => p.metadata?.name,
  'metadata.namespace': (p) => p.metadata?.namespace,
  'spec.nodeName': (p) => p.spec?.nodeName ?? '',
  'spec.restartPolicy': (p) => p.spec?.restartPolicy ?? 'Always',
  'spec.schedulerName': (p) => p.spec?.schedulerName ?? 'default-scheduler',
  'spec.serviceAccountName': (p) => p.spec?.serviceAccountName ?? 'default',
  'spec.hostNetwork': (p) => String(p.spec?.hostNetwork ?? false),
  'status.phase': (p) => p.status?.phase ?? '',
  'status.podIP': (p) => p.status?.podIP ?? '',
  'status.nominatedNodeName': (p) => p.status?.nominatedNodeName ?? '',
};

const ok = (body: object, code = 200): Reply => ({ code, body });
const fail = (status: KubeStatus): Reply => ({ code: status.code, body: status });
const result = (value: object, code: number): Reply =>
  'kind' in value && value.kind === 'Status' ? fail(value as KubeStatus) : ok(value, code);

function discovery(path: string, state: ApiState): Reply | undefined {
  if (path === '/version') return ok(versionInfo(state.version));
  if (path === '/api') return ok(apiVersions(state.serverAddress));
  if (path === '/apis') return ok(apiGroupList());
  if (path === '/api/v1') return ok(coreV1Resources());
  return undefined;
}

/** Answers one REST request (never an exec upgrade). */
export function route(method: string, path: string, query: URLSearchParams, body: unknown, state: ApiState): Reply {
  const found = method === 'GET' ? discovery(path, state) : undefined;
  if (found) return found;
  const attrs = requestAttributes(method, path, query);
  if (!attrs) return fail(unknownPath());
  const { verb, resource, subresource, namespace, name } = attrs;
  try {
    if (resource === 'nodes' && !namespace && !subresource) {
      if (verb === 'list')
        return ok(listResponse('Node', state.nodes.values(), query, NODE_FIELDS, state.resourceVersion()));
      const node = verb === 'get' && name ? state.nodes.get(name) : undefined;
      if (verb === 'get' && name) return node ? ok(node) : fail(notFound('nodes', name));
    }
    if (resource === 'namespaces' && !subresource) {
      if (verb === 'list')
        return ok(listResponse('Namespace', state.namespaces.values(), query, {}, state.resourceVersion()));
      const ns = verb === 'get' && name ? state.namespaces.get(name) : undefined;
      if (verb === 'get' && name) return ns ? ok(ns) : fail(notFound('namespaces', name));
    }
    if (resource === 'pods') return pods(verb, namespace, name, subresource, query, body, state);
  } catch (error) {
    if (error instanceof SelectorError) return fail(badRequest(error.message));
    throw error;
  }
  return fail(kubeStatus(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`));
}

function pods(
  verb: string,
  namespace: string | undefined,
  name: string | undefined,
  subresource: string | undefined,
  query: URLSearchParams,
  body: unknown,
  state: ApiState,
): Reply {
  if (subresource === 'exec') return fail(badRequest('Upgrade request required'));
  if (subresource) return fail(unknownPath());
  if (verb === 'list' || verb === 'watch') {
    const all = [...state.pods.pods.values()].filter((p) => !namespace || p.metadata?.namespace === namespace);
    return ok(listResponse('Pod', all, query, POD_FIELDS, state.resourceVersion()));
  }
  if (!namespace) return fail(unknownPath());
  if (verb === 'create') {
    if (!body || typeof body !== 'object') return fail(badRequest('the body of the request was in an unknown format'));
    return result(state.pods.create(namespace, body as IPod, query.get('dryRun') === 'All'), 201);
  }
  if (!name) return fail(unknownPath());
  if (verb === 'get') {
    const pod = state.pods.get(namespace, name);
    return pod ? ok(pod) : fail(notFound('pods', name));
  }
  if (verb === 'delete') return result(state.pods.delete(namespace, name), 200);
  return fail(kubeStatus(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'));
}

/** Checks an exec upgrade as the apiserver does before it dials the kubelet; returns the call or the error. */
export function execTarget(
  path: string,
  query: URLSearchParams,
  state: ApiState,
): { call: ExecCall; streams: ExecStreams } | KubeStatus {
  const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/exec$/.exec(path);
  if (!m) return unknownPath();
  const [, namespace, name] = m as unknown as [string, string, string];
  const pod = state.pods.get(namespace, name);
  if (!pod) return notFound('pods', name);
  const containers = (pod.spec?.containers ?? []).map((c) => c.name);
  const container = query.get('container') || (containers.length === 1 ? containers[0]! : '');
  if (!container) {
    return badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`);
  }
  if (!containers.includes(container)) return badRequest(`container ${container} is not valid for pod ${name}`);
  const node = pod.spec?.nodeName;
  if (!node) return badRequest(`pod ${name} does not have a host assigned`);
  if (pod.status?.phase !== 'Running') {
    const waiting = pod.status?.containerStatuses?.find((c) => c.name === container)?.state?.waiting?.reason;
    return badRequest(
      `container "${container}" in pod "${name}" is waiting to start: ${waiting ?? 'ContainerCreating'}`,
    );
  }
  const command = query.getAll('command');
  if (command.length === 0) return badRequest('you must specify at least 1 command');
  const flag = (key: string) => query.get(key) === 'true' || query.get(key) === '1';
  const env = containerEnv(pod.spec?.containers.find((c) => c.name === container)?.env);
  return {
    call: { namespace, pod: name, container, command, node, env },
    streams: { stdout: flag('stdout'), stderr: flag('stderr'), stdin: flag('stdin') },
  };
}
