// Waits for a freshly created node pod to run its container, and recognises early the states it will never leave by
// itself: an image that cannot be pulled, a pod that cannot be placed, a pod that already ended.
import type { V1Pod } from '@kubernetes/client-node';
import { NodeExecError } from '../../exec/node-exec-error.js';
import { callOptions, type KubeClient } from './kube-client.js';
import { toNodeExecError } from './kube-errors.js';

const IMAGE_PULL = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull']);
const CANNOT_START = new Set(['CreateContainerConfigError', 'CreateContainerError', 'RunContainerError']);

export interface WaitForPodOptions {
  client: KubeClient;
  name: string;
  node: string;
  /** Milliseconds the pod may take to run. */
  timeoutMs: number;
  /** @defaultValue 500 */
  pollMs?: number;
  signal?: AbortSignal;
}

/** Throws the NodeExecError for a pod that will not run; returns true when it runs, false while it may still. */
export function podProgress(pod: V1Pod, node: string): boolean {
  const name = pod.metadata?.name ?? '';
  const ns = pod.metadata?.namespace ?? '';
  const describe = `kubectl -n ${ns} describe pod ${name}`;
  const phase = pod.status?.phase;
  if (phase === 'Failed' || phase === 'Succeeded') {
    const why = [pod.status?.reason, pod.status?.message].filter(Boolean).join(': ');
    throw new NodeExecError(
      'exec-failed',
      `the node pod ${name} ended (${phase}${why ? `, ${why}` : ''}) before the collector ran`,
      `The kubelet on ${node} refused or stopped the pod: see \`${describe}\` (resources, node affinity, eviction).`,
    );
  }
  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
    throw new NodeExecError(
      'pod-not-scheduled',
      `the node pod ${name} cannot be placed on ${node}: ${scheduled.message ?? 'Unschedulable'}`,
      `See \`${describe}\`; the pod tolerates every taint, so check the node's capacity and admission policies.`,
    );
  }
  for (const status of pod.status?.containerStatuses ?? []) {
    const waiting = status.state?.waiting;
    if (waiting?.reason && IMAGE_PULL.has(waiting.reason)) {
      throw new NodeExecError(
        'image-pull-failed',
        `node ${node} cannot pull the image ${status.image} (${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''})`,
        'Check the image name and that the nodes can pull it (registry access, imagePullSecrets), or point --image at a reachable copy of the agent image.',
      );
    }
    if (waiting?.reason && CANNOT_START.has(waiting.reason)) {
      throw new NodeExecError(
        'exec-failed',
        `the node pod ${name} cannot start its container (${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''})`,
        `See \`${describe}\`.`,
      );
    }
  }
  return phase === 'Running' && (pod.status?.containerStatuses ?? []).some((c) => c.state?.running);
}

function neverStarted(pod: V1Pod | undefined, options: WaitForPodOptions): NodeExecError {
  const seconds = Math.round(options.timeoutMs / 1000);
  const describe = `kubectl -n ${options.client.namespace} describe pod ${options.name}`;
  const waiting = pod?.status?.containerStatuses?.find((c) => c.state?.waiting)?.state?.waiting;
  if (!pod?.status?.startTime) {
    return new NodeExecError(
      'pod-not-scheduled',
      `the node pod ${options.name} stayed Pending for ${seconds}s: the kubelet on ${options.node} never started it`,
      `Check that the kubelet on ${options.node} is up (kubectl describe node ${options.node}) and the pod's events (${describe}).`,
    );
  }
  return new NodeExecError(
    'timeout',
    `the node pod ${options.name} did not start within ${seconds}s${waiting?.reason ? ` (${waiting.reason})` : ''}`,
    `A slow image pull or a busy node: try again, or raise the start timeout; see \`${describe}\`.`,
  );
}

/** Polls the pod until its container runs; throws a NodeExecError when it cannot or does not within the timeout. */
export async function waitForPod(options: WaitForPodOptions): Promise<V1Pod> {
  const { client, name } = options;
  const end = Date.now() + options.timeoutMs;
  let last: V1Pod | undefined;
  for (;;) {
    if (options.signal?.aborted) {
      throw new NodeExecError(
        'timeout',
        `the collection on ${options.node} was cancelled`,
        'Nothing to do: the caller stopped waiting.',
      );
    }
    try {
      last = await client.core.readNamespacedPod(
        { name, namespace: client.namespace },
        callOptions(Math.min(client.requestTimeoutMs, Math.max(1, end - Date.now())), options.signal),
      );
    } catch (error) {
      if (Date.now() >= end) throw neverStarted(last, options);
      throw toNodeExecError(error, {
        action: `read pod ${name}`,
        verb: 'get',
        resource: 'pods',
        namespace: client.namespace,
        notFound: { code: 'exec-failed', hint: 'Something deleted the node pod while it started; try again.' },
      });
    }
    if (podProgress(last, options.node)) return last;
    if (Date.now() >= end) throw neverStarted(last, options);
    await new Promise((resolve) => setTimeout(resolve, Math.min(options.pollMs ?? 500, Math.max(1, end - Date.now()))));
  }
}
