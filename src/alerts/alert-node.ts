// The node an alert is about, from its labels. Pure.
import { type NodeRef, nodeRefFromLabels } from '../exec/resolve-node.js';

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
 * The node of an alert from `node`, `nodename`, `kubernetes_node`, then `instance` (src/exec/resolve-node.ts).
 * An IP, `host:port` or URL instance stays a reference the worker matches against node addresses. Never throws: an alert
 * without a usable node label has no node.
 */
export function alertNode(labels: Readonly<Record<string, string | undefined>>): AlertNode {
  let ref: NodeRef;
  try {
    ref = nodeRefFromLabels(labels);
  } catch {
    return {};
  }
  // A URL (a blackbox probe's target) is not a node name, though the worker may still match its host.
  if (ref.kind === 'name' && !ref.input.includes('://')) return { ref, name: ref.name, target: ref.name };
  return { ref, target: ref.input.trim() };
}
