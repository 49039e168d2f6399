// The agent mode: exec the collector into the netcheck agent DaemonSet's pod on the node (found by label and
// spec.nodeName in netcheck's namespace, Running and Ready). No pod to schedule, so a node is read in seconds.
// The agent image carries the collector (AGENT_COLLECTOR_PATH): the exec is a short launcher that runs that copy
// only if its SHA-256 is the one of the script this netcheck ships, so the exec request stays far under the 8 KiB
// request line proxies allow. An image without that copy (older, or from another netcheck version, as during an
// upgrade) still works: netcheck then sends its own copy over stdin in a second exec and says the image needs
// updating (`warnings`); only when that fails too is the collection an `agent-outdated` error.
import type { V1Pod } from '@kubernetes/client-node';
import { collectorSha256 } from '../../collector/collector-script.js';
import { collectOutcome } from '../../exec/collect-outcome.js';
import { NodeExecError } from '../../exec/node-exec-error.js';
import type { CollectRequest, CollectResult, NodeExecutor } from '../../exec/node-executor.js';
import { collectorInvocation, type ExecTuning } from './collector-invocation.js';
import {
  AGENT_COLLECTOR_PATH,
  bakedCollectorCommand,
  launchProblem,
  stdinCollectorCommand,
} from './collector-launch.js';
import { type ExecOutput, execCollector } from './exec-collector.js';
import { callOptions, type KubeClient } from './kube-client.js';
import { toNodeExecError } from './kube-errors.js';
import { requireReadyNode } from './list-nodes.js';
import { outdatedAgent } from './outdated-agent.js';

export const DEFAULT_AGENT_SELECTOR = 'app.kubernetes.io/name=netcheck-agent';
export const DEFAULT_AGENT_CONTAINER = 'agent';

export interface AgentExecutorOptions extends ExecTuning {
  client: KubeClient;
  /** @defaultValue app.kubernetes.io/name=netcheck-agent */
  labelSelector?: string;
  /** @defaultValue agent */
  container?: string;
  /** Where the agent image carries the collector. @defaultValue AGENT_COLLECTOR_PATH */
  collectorPath?: string;
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
      const collectStarted = Date.now();
      const node = await requireReadyNode(client, request.node, request.signal);
      const pod = await agentPod(node.name, request.signal);
      const podName = pod.metadata?.name ?? '';
      const containers = pod.spec?.containers.map((c) => c.name) ?? [];
      const wanted = options.container ?? DEFAULT_AGENT_CONTAINER;
      const container = containers.includes(wanted) || containers.length !== 1 ? wanted : (containers[0] ?? wanted);
      const run = collectorInvocation(request, options);
      const sha256 = collectorSha256(run.script);
      const where = `${client.namespace}/${podName}`;
      const started = Date.now();
      const exec = (command: string[], stdin?: Buffer): Promise<ExecOutput> =>
        execCollector({
          kc: client.kc,
          namespace: client.namespace,
          pod: podName,
          container,
          command,
          stdin,
          // One deadline for both execs: the fallback gets what the first left (it refuses in milliseconds).
          deadlineMs: Math.max(1, run.deadlineMs - (Date.now() - started)),
          stallMs: run.stallMs,
          handshakeTimeoutMs: options.handshakeTimeoutMs,
          maxOutputBytes: options.maxOutputBytes,
          notFound: { code: 'agent-not-found', hint: `The agent pod ${podName} went away; try again.` },
          signal: request.signal,
        });
      const outcome = (output: ExecOutput) =>
        collectOutcome({
          node: node.name,
          mode: 'agent',
          where: `pod ${where}`,
          ...output,
          durationMs: Date.now() - collectStarted,
        });
      const first = await exec(bakedCollectorCommand(options.collectorPath ?? AGENT_COLLECTOR_PATH, sha256, run.args));
      const problem = launchProblem(first);
      if (!problem) return outcome(first);

      // The image's collector is missing or another version's: send this netcheck's over stdin instead.
      const outdated = outdatedAgent(problem, where, sha256);
      const failed = (why: unknown) =>
        new NodeExecError(
          'agent-outdated',
          `${outdated.message}, and sending this netcheck's collector over stdin failed: ${why instanceof Error ? why.message : String(why)}`,
          outdated.hint,
          { cause: why },
        );
      let second: ExecOutput;
      try {
        second = await exec(stdinCollectorCommand(run.script, run.args), Buffer.from(run.script, 'utf8'));
      } catch (error) {
        if (request.signal?.aborted) throw error;
        throw failed(error);
      }
      const again = launchProblem(second);
      if (again) throw failed(outdatedAgent(again, where, sha256).message);
      let result: CollectResult;
      try {
        result = outcome(second);
      } catch (error) {
        // Without an exit status the exec itself failed (runtime, connection), not the collector.
        throw second.exitCode === null ? failed(error) : error;
      }
      return {
        ...result,
        warnings: [`${outdated.message}: netcheck sent its own collector over stdin instead. ${outdated.hint}`],
      };
    },
  };
}
