// Nodes as NodeInfo (name, addresses, host name label, readiness): listed (paged, optionally by label selector) or read
// by name, and resolved from what an operator or an alert gave (src/exec/node-subject.ts decides, this file fetches:
// one read when the first reference is a name that exists, else one listing for the whole resolution).
import type { V1Node } from '@kubernetes/client-node';
import { NodeExecError } from '../../exec/node-exec-error.js';
import { firstReference, type NodeSubject, resolveNodeSubject } from '../../exec/node-subject.js';
import {
  matchNode,
  type NodeInfo,
  type NodeRef,
  nodeNotFound,
  requireReady,
  validateNodeName,
} from '../../exec/resolve-node.js';
import { callOptions, type KubeClient } from './kube-client.js';
import { toNodeExecError } from './kube-errors.js';

export function nodeInfoOf(node: V1Node): NodeInfo {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  const info: NodeInfo = {
    name: node.metadata?.name ?? '',
    addresses: (node.status?.addresses ?? []).map((a) => ({ type: a.type, address: a.address })),
    ready: ready?.status === 'True',
  };
  const hostname = node.metadata?.labels?.['kubernetes.io/hostname'];
  if (hostname) info.hostname = hostname;
  if (!info.ready) {
    info.notReadyReason = ready
      ? `Ready=${ready.status}${ready.reason ? ` ${ready.reason}` : ''}${ready.message ? `: ${ready.message}` : ''}`
      : 'no Ready condition';
  }
  return info;
}

export interface ListNodesOptions {
  /** E.g. `node-role.kubernetes.io/worker,topology.kubernetes.io/zone=eu-west-1a`. */
  labelSelector?: string;
  signal?: AbortSignal;
}

/** Every node (500 per page), or those matching the label selector. */
export async function listNodes(client: KubeClient, options: ListNodesOptions = {}): Promise<NodeInfo[]> {
  const nodes: NodeInfo[] = [];
  let next: string | undefined;
  do {
    try {
      const page = await client.core.listNode(
        { limit: 500, _continue: next, labelSelector: options.labelSelector },
        callOptions(client.requestTimeoutMs, options.signal),
      );
      nodes.push(...page.items.map(nodeInfoOf));
      next = page.metadata?._continue || undefined;
    } catch (error) {
      throw toNodeExecError(error, { action: 'list nodes', verb: 'list', resource: 'nodes' });
    }
  } while (next);
  return nodes;
}

/** The node named `name`, or undefined when the API server says it does not exist. */
export async function readNodeInfo(
  client: KubeClient,
  name: string,
  signal?: AbortSignal,
): Promise<NodeInfo | undefined> {
  try {
    return nodeInfoOf(await client.core.readNode({ name }, callOptions(client.requestTimeoutMs, signal)));
  } catch (error) {
    if ((error as { code?: unknown }).code === 404) return undefined;
    throw toNodeExecError(error, { action: `read node ${name}`, verb: 'get', resource: 'nodes' });
  }
}

/** The node-not-found error for `wanted`, with near names when the nodes can be listed. */
async function notFound(client: KubeClient, wanted: string, signal?: AbortSignal): Promise<NodeExecError> {
  try {
    return nodeNotFound(
      wanted,
      (await listNodes(client, { signal })).map((n) => n.name),
    );
  } catch {
    return new NodeExecError(
      'node-not-found',
      `node ${JSON.stringify(wanted)} not found`,
      '`kubectl get nodes` lists the nodes.',
    );
  }
}

/** The node a name, address or alert label means, from one listing; throws `node-not-found` with near nodes. */
export async function findNode(client: KubeClient, ref: NodeRef, signal?: AbortSignal): Promise<NodeInfo> {
  return matchNode(ref, await listNodes(client, { signal }));
}

/**
 * The nodes `subjects` mean (src/exec/node-subject.ts), each a NodeInfo or the NodeExecError that says why not. A
 * subject whose first reference is an existing node's name is read directly; the others share one listing.
 * Throws only when the API cannot be asked (unreachable, RBAC).
 */
export async function resolveNodes(
  client: KubeClient,
  subjects: readonly NodeSubject[],
  signal?: AbortSignal,
): Promise<(NodeInfo | NodeExecError)[]> {
  let listing: Promise<NodeInfo[]> | undefined;
  const all = () => {
    listing ??= listNodes(client, { signal });
    return listing;
  };
  const out: (NodeInfo | NodeExecError)[] = [];
  for (const subject of subjects) {
    try {
      const first = firstReference(subject);
      const direct = first?.kind === 'name' ? await readNodeInfo(client, first.name, signal) : undefined;
      out.push(direct ?? resolveNodeSubject(subject, await all()));
    } catch (error) {
      if (!(error instanceof NodeExecError) || !['invalid-node-name', 'node-not-found'].includes(error.code)) {
        throw error;
      }
      out.push(error);
    }
  }
  return out;
}

/** The node `subject` means (see resolveNodes); throws `invalid-node-name` or `node-not-found` with near nodes. */
export async function resolveNode(client: KubeClient, subject: NodeSubject, signal?: AbortSignal): Promise<NodeInfo> {
  const [result] = await resolveNodes(client, [subject], signal);
  if (!result || result instanceof NodeExecError) throw result ?? new Error('no resolution');
  return result;
}

/** The Ready node named `name` (validated before any API call); what both Kubernetes executors start with. */
export async function requireReadyNode(client: KubeClient, name: string, signal?: AbortSignal): Promise<NodeInfo> {
  validateNodeName(name);
  const node = await readNodeInfo(client, name, signal);
  if (!node) throw await notFound(client, name, signal);
  return requireReady(node);
}
