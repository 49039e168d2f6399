// The demo cluster's nodes as the worker sees Kubernetes nodes (NodeInfo: name, InternalIP, Ready), with a label
// selector (equality terms) and resolution of what an operator or an alert named, as the Kubernetes adapter does.
import type { NodeInfo } from '../../exec/resolve-node.js';

/** The recorded nodes, demo/cluster/<name>.txt each. */
export const DEMO_NODE_NAMES = ['node-1', 'node-2', 'node-3', 'node-4', 'node-5', 'node-6', 'node-7'] as const;

/** The node collected live on this machine, when the demo has an executor for it. */
export const THIS_MACHINE = 'this-machine';

export interface DemoNode extends NodeInfo {
  labels: Readonly<Record<string, string>>;
}

/** node-N at 192.168.77.(10+N) (the lab's underlay), Ready, labelled as a kubelet labels a Linux worker. */
export function demoNodes(options: { thisMachine?: boolean } = {}): DemoNode[] {
  const names: string[] = [...DEMO_NODE_NAMES];
  if (options.thisMachine) names.push(THIS_MACHINE);
  return names.map((name, i) => ({
    name,
    addresses: [
      { type: 'InternalIP', address: name === THIS_MACHINE ? '127.0.0.1' : `192.168.77.${11 + i}` },
      { type: 'Hostname', address: name },
    ],
    hostname: name,
    ready: true,
    labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' },
  }));
}

/** Does `labels` match a selector of equality terms (`k`, `!k`, `k=v`, `k==v`, `k!=v`, comma-separated)? */
export function matchesSelector(labels: Readonly<Record<string, string>>, selector: string | undefined): boolean {
  if (!selector?.trim()) return true;
  return selector.split(',').every((raw) => {
    const term = raw.trim();
    if (term === '') return true;
    const m = /^(!)?([^=!]+?)\s*(?:(!=|==|=)\s*(.*))?$/.exec(term);
    if (!m) return false;
    const [, not, key = '', op, value = ''] = m;
    const has = Object.hasOwn(labels, key);
    if (not) return !has && !op;
    if (!op) return has;
    return op === '!=' ? labels[key] !== value.trim() : has && labels[key] === value.trim();
  });
}

/** The NodeInfo the worker sees (labels left out). */
export function nodeInfo(node: DemoNode): NodeInfo {
  const { labels: _labels, ...info } = node;
  return info;
}
