// The debug-pod mode, for clusters without the agent: create a short-lived node pod (debug-pod-spec.ts) that
// carries the collector script in its environment, wait for it to run, exec a short launcher that runs that script
// (the exec request line stays far under the 8 KiB proxies allow), and always delete it. A crashed worker's
// leftovers go to orphan-cleanup.ts.
import { collectOutcome } from '../../exec/collect-outcome.js';
import { NodeExecError } from '../../exec/node-exec-error.js';
import type { CollectRequest, CollectResult, NodeExecutor } from '../../exec/node-executor.js';
import { collectorInvocation, type ExecTuning } from './collector-invocation.js';
import { COLLECTOR_ENV, envCollectorCommand, launchProblem } from './collector-launch.js';
import { DEBUG_CONTAINER, debugPodManifest, randomSuffix } from './debug-pod-spec.js';
import { execCollector } from './exec-collector.js';
import { callOptions, type KubeClient } from './kube-client.js';
import { toNodeExecError } from './kube-errors.js';
import { requireReadyNode } from './list-nodes.js';
import { waitForPod } from './wait-for-pod.js';

export interface DebugPodExecutorOptions extends ExecTuning {
  client: KubeClient;
  /** @defaultValue DEFAULT_AGENT_IMAGE */
  image?: string;
  /** @defaultValue IfNotPresent */
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /** Privileged, with the host's `/` read-only at `/host` (see debug-pod-spec.ts). @defaultValue false */
  hostFilesystem?: boolean;
  /** Milliseconds the pod may take to run (image pull included). @defaultValue 60000 */
  startTimeoutMs?: number;
  /** @defaultValue 500 */
  pollMs?: number;
  /** For pod name suffixes. @defaultValue Math.random */
  random?: () => number;
}

export function createDebugPodExecutor(options: DebugPodExecutorOptions): NodeExecutor {
  const { client } = options;
  const startTimeoutMs = options.startTimeoutMs ?? 60_000;

  async function deletePod(name: string): Promise<void> {
    try {
      await client.core.deleteNamespacedPod(
        { name, namespace: client.namespace, gracePeriodSeconds: 0, propagationPolicy: 'Background' },
        callOptions(client.requestTimeoutMs),
      );
    } catch {
      // Already gone, or the API server is unreachable: activeDeadlineSeconds stops the pod and the orphan cleanup
      // deletes it; the collection's own result or error matters more than this.
    }
  }

  return {
    mode: 'debug-pod',
    async collect(request: CollectRequest): Promise<CollectResult> {
      const started = Date.now();
      const node = await requireReadyNode(client, request.node, request.signal);
      const { script, args, deadlineMs, stallMs } = collectorInvocation(request, options);
      const manifest = debugPodManifest({
        collectorScript: script,
        node: node.name,
        namespace: client.namespace,
        image: options.image,
        imagePullPolicy: options.imagePullPolicy,
        hostFilesystem: options.hostFilesystem,
        // Start, collect, and a margin: after that the kubelet stops the pod even if nobody deletes it.
        lifetimeSeconds: (startTimeoutMs + deadlineMs) / 1000 + 30,
        suffix: randomSuffix(options.random),
      });
      const name = manifest.metadata?.name ?? '';
      try {
        await client.core.createNamespacedPod(
          { namespace: client.namespace, body: manifest },
          callOptions(client.requestTimeoutMs, request.signal),
        );
      } catch (error) {
        throw toNodeExecError(error, {
          action: `create pod ${name} in namespace ${client.namespace}`,
          verb: 'create',
          resource: 'pods',
          namespace: client.namespace,
        });
      }
      try {
        await waitForPod({
          client,
          name,
          node: node.name,
          timeoutMs: startTimeoutMs,
          pollMs: options.pollMs,
          signal: request.signal,
        });
        const output = await execCollector({
          kc: client.kc,
          namespace: client.namespace,
          pod: name,
          container: DEBUG_CONTAINER,
          command: envCollectorCommand(script, args),
          deadlineMs,
          stallMs,
          handshakeTimeoutMs: options.handshakeTimeoutMs,
          maxOutputBytes: options.maxOutputBytes,
          notFound: { code: 'exec-failed', hint: 'Something deleted the node pod during the collection; try again.' },
          signal: request.signal,
        });
        const problem = launchProblem(output);
        if (problem?.kind === 'env') {
          throw new NodeExecError(
            'exec-failed',
            `the node pod ${client.namespace}/${name} received ${problem.received} of the collector's ${problem.expected} bytes in its environment variable ${COLLECTOR_ENV}`,
            'Something in the cluster rewrote the pod spec on its way to the node (a mutating admission webhook?): exempt the netcheck namespace from it, or install the agent DaemonSet and use --mode agent.',
          );
        }
        return collectOutcome({
          node: node.name,
          mode: 'debug-pod',
          where: `pod ${client.namespace}/${name}`,
          ...output,
          durationMs: Date.now() - started,
        });
      } finally {
        await deletePod(name);
      }
    },
  };
}
