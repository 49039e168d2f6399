// Deletes node pods a crashed worker left behind: pods netcheck created (managed-by=netcheck with the node label)
// that have ended, or have outlived their activeDeadlineSeconds. Run at worker start and now and then.
import type { V1Pod } from '@kubernetes/client-node';
import { MANAGED_BY, MANAGED_BY_LABEL, NODE_LABEL } from './debug-pod-spec.js';
import { callOptions, type KubeClient } from './kube-client.js';
import { toNodeExecError } from './kube-errors.js';

export const ORPHAN_SELECTOR = `${MANAGED_BY_LABEL}=${MANAGED_BY},${NODE_LABEL}`;

export interface OrphanCleanupOptions {
  client: KubeClient;
  /** Seconds past a pod's deadline before it counts as orphaned. @defaultValue 60 */
  graceSeconds?: number;
  /** Lifetime assumed for a pod without activeDeadlineSeconds. @defaultValue 3600 */
  defaultLifetimeSeconds?: number;
  /** @defaultValue () => new Date() */
  now?: () => Date;
  signal?: AbortSignal;
}

export interface OrphanCleanupResult {
  deleted: string[];
  /** Pods still within their lifetime (a collection may be using them). */
  kept: string[];
  failed: { name: string; error: string }[];
}

/** True for a netcheck node pod nobody can still be using at `now`. */
export function isOrphan(pod: V1Pod, now: Date, graceSeconds: number, defaultLifetimeSeconds: number): boolean {
  if (pod.metadata?.labels?.[MANAGED_BY_LABEL] !== MANAGED_BY) return false;
  if ((pod.metadata.ownerReferences ?? []).length > 0) return false; // a controller's pod is not ours to delete
  if (pod.metadata.deletionTimestamp) return false;
  if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return true;
  const created = pod.metadata.creationTimestamp;
  if (!created) return false;
  const lifetime = pod.spec?.activeDeadlineSeconds ?? defaultLifetimeSeconds;
  return now.getTime() - new Date(created).getTime() > (lifetime + graceSeconds) * 1000;
}

export async function deleteOrphanPods(options: OrphanCleanupOptions): Promise<OrphanCleanupResult> {
  const { client } = options;
  const now = (options.now ?? (() => new Date()))();
  let pods: V1Pod[];
  try {
    pods = (
      await client.core.listNamespacedPod(
        { namespace: client.namespace, labelSelector: ORPHAN_SELECTOR },
        callOptions(client.requestTimeoutMs, options.signal),
      )
    ).items;
  } catch (error) {
    throw toNodeExecError(error, {
      action: `list netcheck pods in namespace ${client.namespace}`,
      verb: 'list',
      resource: 'pods',
      namespace: client.namespace,
    });
  }
  const result: OrphanCleanupResult = { deleted: [], kept: [], failed: [] };
  for (const pod of pods) {
    const name = pod.metadata?.name ?? '';
    if (!isOrphan(pod, now, options.graceSeconds ?? 60, options.defaultLifetimeSeconds ?? 3600)) {
      result.kept.push(name);
      continue;
    }
    try {
      await client.core.deleteNamespacedPod(
        { name, namespace: client.namespace, gracePeriodSeconds: 0, propagationPolicy: 'Background' },
        callOptions(client.requestTimeoutMs, options.signal),
      );
      result.deleted.push(name);
    } catch (error) {
      if ((error as { code?: unknown }).code === 404) continue; // deleted meanwhile
      const mapped = toNodeExecError(error, {
        action: `delete pod ${name}`,
        verb: 'delete',
        resource: 'pods',
        namespace: client.namespace,
      });
      result.failed.push({ name, error: `${mapped.message} (${mapped.hint})` });
    }
  }
  return result;
}
