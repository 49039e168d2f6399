// Node, Pod and Namespace objects as the apiserver returns them: apiVersion and kind set, RFC 3339 timestamps.
import type { INamespace, INode, IPod } from 'kubernetes-models/v1';

export type { INamespace, INode, IPod };

export interface NodeOptions {
  /** Ready condition status. @defaultValue 'True' */
  ready?: 'True' | 'False' | 'Unknown';
  labels?: Record<string, string>;
  internalIP?: string;
  externalIP?: string;
  /** @defaultValue the node name */
  hostname?: string;
  /** @defaultValue one day before now */
  createdAt?: Date;
  unschedulable?: boolean;
  taints?: { key: string; value?: string; effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' }[];
}

const READY_REASONS = {
  True: ['KubeletReady', 'kubelet is posting ready status'],
  False: ['KubeletNotReady', 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady'],
  Unknown: ['NodeStatusUnknown', 'Kubelet stopped posting node status.'],
} as const;

/** RFC 3339 without fractional seconds, as the apiserver writes metav1.Time. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function makeNode(name: string, options: NodeOptions = {}): INode {
  const ready = options.ready ?? 'True';
  const [reason, message] = READY_REASONS[ready];
  const created = options.createdAt ?? new Date(Date.now() - 86_400_000);
  const addresses = [
    ...(options.internalIP ? [{ type: 'InternalIP', address: options.internalIP }] : []),
    ...(options.externalIP ? [{ type: 'ExternalIP', address: options.externalIP }] : []),
    { type: 'Hostname', address: options.hostname ?? name },
  ];
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid: uid(),
      creationTimestamp: rfc3339(created),
      labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', ...options.labels },
    },
    spec: {
      ...(options.unschedulable ? { unschedulable: true } : {}),
      ...(options.taints ? { taints: options.taints } : {}),
    },
    status: {
      conditions: [
        {
          type: 'Ready',
          status: ready,
          reason,
          message,
          lastHeartbeatTime: rfc3339(new Date()),
          lastTransitionTime: rfc3339(created),
        },
      ],
      addresses,
    },
  };
}

export function makeNamespace(name: string, labels: Record<string, string> = {}): INamespace {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      uid: uid(),
      creationTimestamp: rfc3339(new Date(Date.now() - 86_400_000)),
      labels: { 'kubernetes.io/metadata.name': name, ...labels },
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

export interface PodOptions {
  namespace: string;
  node: string;
  labels?: Record<string, string>;
  /** @defaultValue 'agent' */
  container?: string;
  hostNetwork?: boolean;
}

/** A Running pod already on `node`, e.g. the agent DaemonSet's pod there. */
export function makeRunningPod(name: string, options: PodOptions): IPod {
  const container = options.container ?? 'agent';
  const started = rfc3339(new Date(Date.now() - 3_600_000));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: options.namespace,
      uid: uid(),
      creationTimestamp: started,
      labels: options.labels ?? {},
    },
    spec: {
      nodeName: options.node,
      hostNetwork: options.hostNetwork ?? true,
      containers: [{ name: container, image: 'netcheck-agent:test' }],
    },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: started }],
      containerStatuses: [
        {
          name: container,
          image: 'netcheck-agent:test',
          imageID: '',
          ready: true,
          restartCount: 0,
          started: true,
          state: { running: { startedAt: started } },
        },
      ],
      startTime: started,
    },
  };
}

export function uid(): string {
  return crypto.randomUUID();
}
