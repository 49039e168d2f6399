// The agent mode: exec the collector into the netcheck agent DaemonSet's pod on the node (found by label and
// spec.nodeName in netcheck's namespace, Running and Ready). No pod to schedule, so a node is read in seconds.
import type { V1Pod } from '@kubernetes/client-node';
import { collectOutcome } from '../../exec/collect-outcome.js';
import { NodeExecError } from '../../exec/node-exec-error.js';
import type { CollectRequest, CollectResult, NodeExecutor } from '../../exec/node-executor.js';
import { collectorCommand, type ExecTuning } from './collector-command.js';
import { execCollector } from './exec-collector.js';
import { callOptions, type KubeClient } from './kube-client.js';
import { toNodeExecError } from './kube-errors.js';
import { requireReadyNode } from './list-nodes.js';

export const DEFAULT_AGENT_SELECTOR = 'app.kubernetes.io/name=netcheck-agent';
export const DEFAULT_AGENT_CONTAINER = 'agent';

export interface AgentExecutorOptions extends ExecTuning {
  client: KubeClient;
  /** @defaultValue app.kubernetes.io/name=netcheck-agent */
  labelSelector?: string;
  /** @defaultValue agent */
  container?: string;
}

const isReady = (pod: V1Pod) =>
  pod.status?.phase === 'Running' &&
  !pod.metadata?.deletionTimestamp &&
  pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;

function podState(pod: V1Pod): string {
  const waiting = pod.status?.containerStatuses?.find((c) => c.state?.waiting)?.state?.waiting;
  const phase = pod.metadata?.deletionTimestamp ? 'Terminating' : (pod.status?.phase ?? 'Unknown');
  return `${pod.metadata?.name} is ${phase}${waiting?.reason ? ` (${waiting.reason})` : ''}`;
}

export function createAgentExecutor(options: AgentExecutorOptions): NodeExecutor {
  const { client } = options;
  const selector = options.labelSelector ?? DEFAULT_AGENT_SELECTOR;
  const notFoundHint = `Install the agent DaemonSet (deploy/) in namespace ${client.namespace} and check that it tolerates the node's taints, or use --mode debug-pod.`;

  async function agentPod(node: string, signal?: AbortSignal): Promise<V1Pod> {
    let pods: V1Pod[];
    try {
      const list = await client.core.listNamespacedPod(
        { namespace: client.namespace, labelSelector: selector, fieldSelector: `spec.nodeName=${node}` },
        callOptions(client.requestTimeoutMs, signal),
      );
      pods = list.items;
    } catch (error) {
      throw toNodeExecError(error, {
        action: `list pods in namespace ${client.namespace}`,
        verb: 'list',
        resource: 'pods',
        namespace: client.namespace,
      });
    }
    const ready = pods.filter(isReady);
    ready.sort(
      (a, b) => (b.metadata?.creationTimestamp?.getTime() ?? 0) - (a.metadata?.creationTimestamp?.getTime() ?? 0),
    );
    if (ready[0]) return ready[0];
    const where = `on node ${node} in namespace ${client.namespace} (label ${selector})`;
    throw new NodeExecError(
      'agent-not-found',
      pods.length === 0
        ? `no netcheck agent pod ${where}`
        : `no Ready netcheck agent pod ${where}: ${pods.map(podState).join(', ')}`,
      pods.length === 0
        ? notFoundHint
        : `Check the agent pod (kubectl -n ${client.namespace} describe pod ${pods[0]?.metadata?.name}), or use --mode debug-pod.`,
    );
  }

  return {
    mode: 'agent',
    async collect(request: CollectRequest): Promise<CollectResult> {
      const started = Date.now();
      const node = await requireReadyNode(client, request.node, request.signal);
      const pod = await agentPod(node.name, request.signal);
      const podName = pod.metadata?.name ?? '';
      const containers = pod.spec?.containers.map((c) => c.name) ?? [];
      const wanted = options.container ?? DEFAULT_AGENT_CONTAINER;
      const container = containers.includes(wanted) || containers.length !== 1 ? wanted : (containers[0] ?? wanted);
      const { command, deadlineMs, stallMs } = collectorCommand(request, options);
      const output = await execCollector({
        kc: client.kc,
        namespace: client.namespace,
        pod: podName,
        container,
        command,
        deadlineMs,
        stallMs,
        handshakeTimeoutMs: options.handshakeTimeoutMs,
        maxOutputBytes: options.maxOutputBytes,
        notFound: { code: 'agent-not-found', hint: `The agent pod ${podName} went away; try again.` },
        signal: request.signal,
      });
      return collectOutcome({
        node: node.name,
        mode: 'agent',
        where: `pod ${client.namespace}/${podName}`,
        ...output,
        durationMs: Date.now() - started,
      });
    },
  };
}
