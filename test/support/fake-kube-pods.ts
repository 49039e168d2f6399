// Pods in the fake apiserver: create (name generation, uid, Pod Security Admission), the life the test chose for each
// new pod (Running after a delay, never scheduled, image pull failure), get, list and delete.
import { type INamespace, type INode, type IPod, rfc3339, uid } from './kube-objects.js';
import { alreadyExists, badRequest, type KubeStatus, notFound, podSecurityForbidden } from './kube-status.js';
import { enforcedPolicy, podSecurityViolations } from './pod-security.js';
import { imagePullFailedStatus, runningStatus, unschedulableStatus } from './pod-status.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** What happens to a pod after it is created. */
export type PodFate =
  /** Scheduled and Running (Ready) after `afterMs`. @defaultValue afterMs 20 */
  | { kind: 'running'; afterMs?: number }
  /** Stays Pending with PodScheduled=False, reason Unschedulable. */
  | { kind: 'unschedulable'; message?: string }
  /** Scheduled, but its container waits with ErrImagePull (then ImagePullBackOff) after `afterMs`. */
  | { kind: 'image-pull-error'; reason?: 'ErrImagePull' | 'ImagePullBackOff'; afterMs?: number }
  /** Stays Pending with no conditions. */
  | { kind: 'pending' };

export type PodsDeps = {
  nodes: Map<string, INode>;
  namespaces: Map<string, INamespace>;
  nextResourceVersion: () => string;
};

const UNSCHEDULABLE =
  '0/3 nodes are available: 3 node(s) had untolerated taint {node.kubernetes.io/unreachable: }. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';

export class PodStore {
  /** Pods by `namespace/name`. */
  readonly pods = new Map<string, IPod>();
  /** Decides each created pod's life. @defaultValue Running after 20 ms */
  fate: (pod: IPod) => PodFate = () => ({ kind: 'running' });
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly deps: PodsDeps) {}

  get(namespace: string, name: string): IPod | undefined {
    return this.pods.get(`${namespace}/${name}`);
  }

  /** Called on every change, for watches: ADDED, MODIFIED or DELETED with the object after (or before deletion). */
  readonly listeners = new Set<(type: WatchEventType, pod: IPod) => void>();

  put(pod: IPod): void {
    const key = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
    const type = this.pods.has(key) ? 'MODIFIED' : 'ADDED';
    this.pods.set(key, pod);
    for (const listener of this.listeners) listener(type, pod);
  }

  /** Creates a pod after the apiserver's checks; with `dryRun` (`?dryRun=All`) only the checks run, nothing is kept. */
  create(namespace: string, body: IPod, dryRun = false): IPod | KubeStatus {
    const ns = this.deps.namespaces.get(namespace);
    if (!ns) return notFound('namespaces', namespace);
    const meta = body.metadata ?? {};
    const name = meta.name ?? (meta.generateName ? `${meta.generateName}${randomSuffix()}` : undefined);
    if (!name) return badRequest('Pod "" is invalid: metadata.name: Required value: name or generateName is required');
    if (this.get(namespace, name)) return alreadyExists('pods', name);
    const psa = enforcedPolicy(ns);
    const violations = psa ? podSecurityViolations(body, psa.level) : [];
    if (psa && violations.length) return podSecurityForbidden(name, psa.policy, violations);
    const now = rfc3339(new Date());
    const pod: IPod = {
      ...body,
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        ...meta,
        name,
        namespace,
        uid: uid(),
        creationTimestamp: now,
        resourceVersion: this.deps.nextResourceVersion(),
      },
      status: { phase: 'Pending', qosClass: 'BestEffort' },
    };
    if (dryRun) return pod;
    this.put(pod);
    this.schedule(pod, this.fate(pod));
    return pod;
  }

  delete(namespace: string, name: string): IPod | KubeStatus {
    const pod = this.get(namespace, name);
    if (!pod) return notFound('pods', name);
    this.pods.delete(`${namespace}/${name}`);
    const metadata = { ...pod.metadata, deletionTimestamp: rfc3339(new Date()), deletionGracePeriodSeconds: 0 };
    const deleted = { ...pod, metadata: { ...metadata, resourceVersion: this.deps.nextResourceVersion() } };
    for (const listener of this.listeners) listener('DELETED', deleted);
    return { ...pod, metadata };
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private later(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
  }

  /** Applies `change` to the pod if it still exists (it may have been deleted meanwhile). */
  private update(pod: IPod, change: (current: IPod) => IPod): void {
    const ns = pod.metadata?.namespace ?? '';
    const current = this.get(ns, pod.metadata?.name ?? '');
    if (current?.metadata?.uid !== pod.metadata?.uid || !current) return;
    const next = change(current);
    this.put({ ...next, metadata: { ...next.metadata, resourceVersion: this.deps.nextResourceVersion() } });
  }

  private schedule(pod: IPod, fate: PodFate): void {
    if (fate.kind === 'pending') return;
    if (fate.kind === 'unschedulable') {
      this.update(pod, (p) => ({ ...p, status: unschedulableStatus(p, fate.message ?? UNSCHEDULABLE) }));
      return;
    }
    const node = this.deps.nodes.get(pod.spec?.nodeName ?? '');
    const hostIP = node?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '10.0.0.1';
    const next =
      fate.kind === 'running'
        ? (p: IPod) => runningStatus(p, hostIP)
        : (p: IPod) => imagePullFailedStatus(p, hostIP, fate.reason ?? 'ErrImagePull');
    this.later(fate.afterMs ?? 20, () => this.update(pod, (p) => ({ ...p, status: next(p) })));
  }
}

/** Five characters from the apiserver's name-generation alphabet (no vowels, no confusable digits). */
function randomSuffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return Array.from({ length: 5 }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
}
