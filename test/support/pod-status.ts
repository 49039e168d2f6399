// Pod status as the scheduler and kubelet leave it: Running and Ready, never scheduled, or stuck pulling its image.
import { type IPod, rfc3339 } from './kube-objects.js';

type PodStatus = NonNullable<IPod['status']>;

const now = () => rfc3339(new Date());

function scheduled(pod: IPod, hostIP: string): PodStatus {
  const podIP = pod.spec?.hostNetwork
    ? hostIP
    : `10.244.${Math.floor(Math.random() * 250)}.${2 + Math.floor(Math.random() * 250)}`;
  return { ...pod.status, phase: 'Pending', hostIP, podIP, startTime: now() };
}

export function runningStatus(pod: IPod, hostIP: string): PodStatus {
  return {
    ...scheduled(pod, hostIP),
    phase: 'Running',
    conditions: [
      { type: 'PodScheduled', status: 'True', lastTransitionTime: now() },
      { type: 'Ready', status: 'True', lastTransitionTime: now() },
    ],
    containerStatuses: (pod.spec?.containers ?? []).map((c) => ({
      name: c.name,
      image: c.image ?? '',
      imageID: '',
      ready: true,
      restartCount: 0,
      started: true,
      state: { running: { startedAt: now() } },
    })),
  };
}

export function imagePullFailedStatus(
  pod: IPod,
  hostIP: string,
  reason: 'ErrImagePull' | 'ImagePullBackOff',
): PodStatus {
  return {
    ...scheduled(pod, hostIP),
    conditions: [
      { type: 'PodScheduled', status: 'True', lastTransitionTime: now() },
      { type: 'Ready', status: 'False', reason: 'ContainersNotReady', lastTransitionTime: now() },
    ],
    containerStatuses: (pod.spec?.containers ?? []).map((c) => ({
      name: c.name,
      image: c.image ?? '',
      imageID: '',
      ready: false,
      restartCount: 0,
      started: false,
      state: {
        waiting: {
          reason,
          message:
            reason === 'ImagePullBackOff'
              ? `Back-off pulling image "${c.image}"`
              : `failed to pull and unpack image "${c.image}": failed to resolve reference "${c.image}": not found`,
        },
      },
    })),
  };
}

export function unschedulableStatus(pod: IPod, message: string): PodStatus {
  return {
    ...pod.status,
    phase: 'Pending',
    conditions: [
      { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastTransitionTime: now() },
    ],
  };
}
