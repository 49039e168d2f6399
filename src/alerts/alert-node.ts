// The node an alert is about, from its labels. Pure.
import { nodeCandidates } from '../exec/node-subject.js';
import type { NodeRef } from '../exec/resolve-node.js';

/** What an alert says about its node. */
export interface AlertNode {
  /** The reference the collection worker resolves (a name, an address or a host); absent when no label names one. */
  ref?: NodeRef;
  /** The node name, only when the label is a valid node name (not an IP or `host:port`). */
  name?: string;
  /** The text a collection job carries as its node: the name, else the label value the worker resolves. */
  target?: string;
}

/**
 * The node of an alert from the first of its node labels that reads as a name or an address (`node`, `nodename`,
 * `kubernetes_node`, the host name labels, then `instance`; src/exec/node-subject.ts). The worker resolves the job
 * from all of the alert's labels (resolveNodeSubject), so an address or a host name that is not the node's name
 * still finds it. Never throws: an alert without a usable node label has no node.
 */
export function alertNode(labels: Readonly<Record<string, string | undefined>>): AlertNode {
  const ref = nodeCandidates(labels)[0]?.ref;
  if (!ref) return {};
  // A URL (a blackbox probe's target) is not a node name, though the worker may still match its host.
  if (ref.kind === 'name' && !ref.input.includes('://')) return { ref, name: ref.name, target: ref.name };
  return { ref, target: ref.input.trim() };
}
