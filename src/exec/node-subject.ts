// What a request says about its node, and the one place that turns it into a Node: text someone typed (`/netcheck`,
// the CLI, a button's node) or an alert's labels. Every label that can name a node (platform-facts §11) is tried in
// turn against the listed nodes (name, `kubernetes.io/hostname` label, addresses). Pure: the nodes come from the caller
// (src/adapters/k8s/list-nodes.ts lists them once per resolution).

import { nearNodes } from './near-nodes.js';
import { NodeExecError } from './node-exec-error.js';
import { matchNode, type NodeInfo, type NodeRef, nodesMatching, parseNodeInput, refText } from './resolve-node.js';

/** A node as a request names it: typed text, or the labels of the alert that asked for it. */
export type NodeSubject = { input: string } | { labels: Readonly<Record<string, string | undefined>> };

/** Finds the node a subject means (the worker's port onto the Kubernetes adapter). */
export type NodeResolver = (subject: NodeSubject, signal?: AbortSignal) => Promise<NodeInfo>;

/**
 * Alert labels that name the node, in the order they are tried: relabelled node names, node_uname_info's kernel host
 * name, the node's `kubernetes.io/hostname` label as Prometheus' labelmap or kube-state-metrics spell it, then the
 * scrape target (platform-facts §11).
 */
export const ALERT_NODE_LABELS = [
  'node',
  'nodename',
  'kubernetes_node',
  'kubernetes_io_hostname',
  'label_kubernetes_io_hostname',
  'hostname',
  'instance',
] as const;

/** One label's value read as a node reference. */
export interface NodeCandidate {
  label: string;
  ref: NodeRef;
}

function parseLabel(value: string): NodeRef | undefined {
  for (const text of new Set([value, value.toLowerCase()])) {
    try {
      return parseNodeInput(text);
    } catch {
      // Not a name or an address in this spelling.
    }
  }
  return undefined;
}

/** The node references in `labels`, in ALERT_NODE_LABELS order; values that are neither a name nor an address are skipped. */
export function nodeCandidates(labels: Readonly<Record<string, string | undefined>>): NodeCandidate[] {
  const out: NodeCandidate[] = [];
  for (const label of ALERT_NODE_LABELS) {
    const value = labels[label]?.trim();
    const ref = value ? parseLabel(value) : undefined;
    if (ref) out.push({ label, ref });
  }
  return out;
}

/** The reference to try first for `subject` (a name here can be read directly, without listing every node). */
export function firstReference(subject: NodeSubject): NodeRef | undefined {
  return 'input' in subject ? parseNodeInput(subject.input) : nodeCandidates(subject.labels)[0]?.ref;
}

const shorten = (text: string) => (text.length > 80 ? `${text.slice(0, 80)}…` : text);

/** `instance="10.0.3.7:9100", nodename="ip-10-0-3-7"`: the node labels the alert has, whatever their values. */
export function nodeLabelsText(labels: Readonly<Record<string, string | undefined>>): string {
  return ALERT_NODE_LABELS.filter((label) => labels[label]?.trim())
    .map((label) => `${label}=${JSON.stringify(shorten(labels[label]?.trim() ?? ''))}`)
    .join(', ');
}

function fromLabels(labels: Readonly<Record<string, string | undefined>>, nodes: readonly NodeInfo[]): NodeInfo {
  const shown = nodeLabelsText(labels);
  if (!shown) {
    const names = Object.keys(labels).slice(0, 12).join(', ');
    throw new NodeExecError(
      'invalid-node-name',
      `the alert names no node: none of the labels ${ALERT_NODE_LABELS.join(', ')} is set (it has ${names || 'no labels'})`,
      'Add a node label to the alert: keep instance as the scrape address, or relabel __meta_kubernetes_pod_node_name into node.',
    );
  }
  const candidates = nodeCandidates(labels);
  const ambiguous: string[] = [];
  for (const { label, ref } of candidates) {
    const matches = nodesMatching(ref, nodes);
    if (matches.length === 1 && matches[0]) return matches[0];
    if (matches.length > 1) ambiguous.push(`${label} matches ${matches.map((n) => n.name).join(', ')}`);
  }
  const near = nearNodes(
    candidates.map((c) => refText(c.ref)),
    nodes,
  );
  throw new NodeExecError(
    'node-not-found',
    `no node matches the alert's labels ${shown}${ambiguous.length > 0 ? ` (${ambiguous.join('; ')})` : ''}`,
    `${near.length > 0 ? `Nodes near them: ${near.join(', ')}.` : `None of the ${nodes.length} nodes has a similar name or address.`} ` +
      'A node is found by its name, its kubernetes.io/hostname label or one of its addresses (`kubectl get nodes -o wide`); relabel the alert if its node label names something else.',
  );
}

/**
 * The node `subject` means among `nodes`. Typed text is one reference (`invalid-node-name` when it is neither a name
 * nor an address). Alert labels are tried in ALERT_NODE_LABELS order and the first that names exactly one node wins; when
 * none does, the `node-not-found` error says which node labels the alert had and which nodes were near.
 */
export function resolveNodeSubject(subject: NodeSubject, nodes: readonly NodeInfo[]): NodeInfo {
  if ('input' in subject) return matchNode(parseNodeInput(subject.input), nodes);
  return fromLabels(subject.labels, nodes);
}

/**
 * The node an alert is about, as a reference: the first node label that reads as a name or an address.
 * Throws `invalid-node-name` when there is none.
 */
export function nodeRefFromLabels(labels: Readonly<Record<string, string | undefined>>): NodeRef {
  const first = nodeCandidates(labels)[0];
  if (first) return first.ref;
  throw new NodeExecError(
    'invalid-node-name',
    `the alert names no node: none of the labels ${ALERT_NODE_LABELS.join(', ')} names a node or an address`,
    'Add a node label to the alert (kube-prometheus sets instance; a relabel rule can copy __meta_kubernetes_node_name into node).',
  );
}
