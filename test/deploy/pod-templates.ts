// The pods a rendered build would run: the pod template of every Deployment, StatefulSet and DaemonSet, with the
// labels policies and budgets select on.
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { K8sObject } from './load-manifests.js';

export interface PodTemplate {
  /** `Kind/name` of the workload. */
  workload: string;
  /** The workload's `app.kubernetes.io/name` label, the short name tests speak of. */
  name: string;
  namespace: string;
  replicas: number;
  labels: Record<string, string>;
  spec: IPodSpec;
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

type Workload = K8sObject & {
  spec: { replicas?: number; template: { metadata?: { labels?: Record<string, string> }; spec: IPodSpec } };
};

export function podTemplates(objects: readonly K8sObject[]): PodTemplate[] {
  return objects
    .filter((o): o is Workload => WORKLOADS.has(o.kind))
    .map((o) => {
      const labels = o.spec.template.metadata?.labels ?? {};
      return {
        workload: `${o.kind}/${o.metadata.name}`,
        name: labels['app.kubernetes.io/name'] ?? o.metadata.name,
        namespace: o.metadata.namespace ?? 'default',
        replicas: o.kind === 'DaemonSet' ? 1 : (o.spec.replicas ?? 1),
        labels,
        spec: o.spec.template.spec,
      };
    });
}
