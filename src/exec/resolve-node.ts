// Which node a request means: a node name (validated before any API call), an IP or `host:port` (Alertmanager's
// `instance` label) matched against node addresses, or an alert's labels (src/exec/node-subject.ts tries each).
// Pure: the node list comes from the caller.
import { canonicalIP } from './ip-address.js';
import { nearNames } from './near-names.js';
import { nearNodes } from './near-nodes.js';
import { NodeExecError } from './node-exec-error.js';

export interface NodeAddress {
  /** `InternalIP`, `ExternalIP`, `Hostname`, `InternalDNS`, `ExternalDNS`. */
  type: string;
  address: string;
}

/** What resolution and the executors need to know about a node. */
export interface NodeInfo {
  name: string;
  addresses: readonly NodeAddress[];
  /** The `kubernetes.io/hostname` label: the kubelet's host name, which can differ from the name (cloud providers). */
  hostname?: string;
  ready: boolean;
  /** Why the node is not Ready (the Ready condition's reason and message), when it is not. */
  notReadyReason?: string;
}

export type NodeRef =
  | { kind: 'name'; name: string; input: string }
  | { kind: 'address'; address: string; input: string }
  | { kind: 'host'; host: string; input: string };

const LABEL = '[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?';
const DNS1123_SUBDOMAIN = new RegExp(`^${LABEL}(\\.${LABEL})*$`);
const NAME_HINT = 'Give the node name as `kubectl get nodes` prints it, or one of its IP addresses.';

export function isNodeName(text: string): boolean {
  return text.length > 0 && text.length <= 253 && DNS1123_SUBDOMAIN.test(text);
}

/** Returns `name` when it is a valid node name (a DNS-1123 subdomain); throws `invalid-node-name` otherwise. */
export function validateNodeName(name: string): string {
  if (isNodeName(name)) return name;
  const lower = name.toLowerCase();
  const shown = JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name);
  throw new NodeExecError(
    'invalid-node-name',
    `${shown} is not a valid node name: node names are DNS-1123 subdomains (lowercase letters, digits, "-" and ".", at most 253 characters)`,
    lower !== name && isNodeName(lower) ? `Node names are lowercase: try ${lower}.` : NAME_HINT,
  );
}

function hostRef(host: string, input: string): NodeRef {
  const ip = canonicalIP(host);
  if (ip) return { kind: 'address', address: ip, input };
  if (isNodeName(host.toLowerCase())) return { kind: 'host', host: host.toLowerCase(), input };
  return { kind: 'name', name: validateNodeName(host), input };
}

/**
 * What a node argument or an `instance` label names: `node-7`, `10.0.1.5`, `10.0.1.5:9100`, `[fd00::5]:9100`,
 * `fd00::5`, `node-7.example.internal:9100`, `http://10.0.1.5:9100/metrics`. Throws `invalid-node-name`.
 */
export function parseNodeInput(input: string): NodeRef {
  let text = input.trim();
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text);
  if (scheme) text = text.slice(scheme[0].length).split(/[/?#]/)[0] ?? '';
  if (text === '') validateNodeName(input.trim());
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(text);
  if (bracketed) {
    const ip = canonicalIP(bracketed[1] ?? '');
    if (ip) return { kind: 'address', address: ip, input };
    validateNodeName(text);
  }
  const ip = canonicalIP(text);
  if (ip) return { kind: 'address', address: ip, input };
  const hostPort = /^([^:]+):(\d{1,5})$/.exec(text);
  if (hostPort) return hostRef(hostPort[1] ?? '', input);
  return { kind: 'name', name: validateNodeName(text), input };
}

const HOST_TYPES = new Set(['Hostname', 'InternalDNS', 'ExternalDNS']);
const firstLabel = (name: string) => name.split('.')[0] ?? name;

/**
 * The nodes `ref` means, from the most specific match down: an address among the node's IPs; a name as the node's
 * name, its `kubernetes.io/hostname` label, one of its host-name addresses, or (when only one node fits) the same
 * first DNS label (`node-7:9100` for `node-7.example.internal`). More than one node: the reference is ambiguous.
 */
export function nodesMatching(ref: NodeRef, nodes: readonly NodeInfo[]): NodeInfo[] {
  if (ref.kind === 'address') {
    return nodes.filter((n) =>
      n.addresses.some((a) => !HOST_TYPES.has(a.type) && canonicalIP(a.address) === ref.address),
    );
  }
  const wanted = ref.kind === 'name' ? ref.name : ref.host;
  const exact = nodes.filter((n) => n.name === wanted);
  if (exact.length > 0) return exact;
  const byHostname = nodes.filter((n) => n.hostname?.toLowerCase() === wanted);
  if (byHostname.length > 0) return byHostname;
  const byHost = nodes.filter((n) =>
    n.addresses.some((a) => HOST_TYPES.has(a.type) && a.address.toLowerCase() === wanted),
  );
  if (byHost.length > 0) return byHost;
  const short = firstLabel(wanted);
  const byLabel = nodes.filter(
    (n) => firstLabel(n.name) === short || (n.hostname !== undefined && firstLabel(n.hostname.toLowerCase()) === short),
  );
  return byLabel.length === 1 ? byLabel : [];
}

/** The core of what a reference names: the address, the name or the host. */
export function refText(ref: NodeRef): string {
  return ref.kind === 'address' ? ref.address : ref.kind === 'name' ? ref.name : ref.host;
}

/** The error for a reference that more than one node answers to. */
export function ambiguousNode(input: string, matches: readonly NodeInfo[]): NodeExecError {
  const names = matches.map((n) => n.name).join(', ');
  return new NodeExecError(
    'node-not-found',
    `${JSON.stringify(input)} matches ${matches.length} nodes (${names})`,
    'Give the node by its name instead.',
  );
}

const orList = (items: readonly string[]) =>
  items.length > 1 ? `${items.slice(0, -1).join(', ')} or ${items.at(-1)}` : (items[0] ?? '');

/** The `node-not-found` error for `wanted`, suggesting the nearest of `known`. */
export function nodeNotFound(wanted: string, known: readonly string[]): NodeExecError {
  const near = nearNames(wanted, known);
  const hint =
    near.length > 0
      ? `Did you mean ${orList(near)}? \`kubectl get nodes\` lists the nodes.`
      : `None of the ${known.length} nodes has a similar name or address; \`kubectl get nodes -o wide\` lists them.`;
  return new NodeExecError('node-not-found', `node ${JSON.stringify(wanted)} not found`, hint);
}

/** `node "WANTED" not found`, suggesting the nodes whose name, host name or address is near one of `values`. */
export function notFoundAmong(wanted: string, values: readonly string[], nodes: readonly NodeInfo[]): NodeExecError {
  return new NodeExecError('node-not-found', `node ${JSON.stringify(wanted)} not found`, nearHint(values, nodes));
}

/** "Did you mean …?" with the nodes near one of `values`, or where to look when none is. */
export function nearHint(values: readonly string[], nodes: readonly NodeInfo[]): string {
  const near = nearNodes(values, nodes);
  return near.length > 0
    ? `Did you mean ${orList(near)}? \`kubectl get nodes -o wide\` lists the nodes and their addresses.`
    : `None of the ${nodes.length} nodes has a similar name or address; \`kubectl get nodes -o wide\` lists them.`;
}

/**
 * The node `ref` means among `nodes`; throws `node-not-found` when none does (suggesting the nodes whose name,
 * host name or address is near) or when several do.
 */
export function matchNode(ref: NodeRef, nodes: readonly NodeInfo[]): NodeInfo {
  const matches = nodesMatching(ref, nodes);
  if (matches.length > 1) throw ambiguousNode(ref.input, matches);
  if (matches[0]) return matches[0];
  throw notFoundAmong(ref.kind === 'address' ? ref.input.trim() : refText(ref), [refText(ref)], nodes);
}

/** Throws `node-not-ready` unless the node is Ready. */
export function requireReady(node: NodeInfo): NodeInfo {
  if (node.ready) return node;
  throw new NodeExecError(
    'node-not-ready',
    `node ${node.name} is not Ready${node.notReadyReason ? ` (${node.notReadyReason})` : ''}`,
    `Check the kubelet on ${node.name} (\`kubectl describe node ${node.name}\`); collect from it again once it is Ready.`,
  );
}
