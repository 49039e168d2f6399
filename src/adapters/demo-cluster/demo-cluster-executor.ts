// The demo cluster: the NodeExecutor port served from recorded collector reports (demo/cluster/<node>.txt, see its
// README) after a short delay, as a real collection takes, plus the node listing and resolution the worker needs.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { collectOutcome } from '../../exec/collect-outcome.js';
import { NodeExecError } from '../../exec/node-exec-error.js';
import type { CollectRequest, CollectResult, NodeExecutor } from '../../exec/node-executor.js';
import { type NodeSubject, resolveNodeSubject } from '../../exec/node-subject.js';
import { type NodeInfo, nodeNotFound } from '../../exec/resolve-node.js';
import { demoClusterDir } from './demo-cluster-dir.js';
import { type DemoNode, demoNodes, matchesSelector, nodeInfo, THIS_MACHINE } from './demo-nodes.js';

export interface DemoClusterOptions {
  /** Milliseconds each collection takes before its report comes back. @defaultValue 1000 */
  delayMs?: number;
  /** Folder of the recorded reports. @defaultValue demoClusterDir() */
  dir?: string;
  /** Collects `this-machine` live (the composition root passes the local executor when running as root). */
  thisMachine?: NodeExecutor;
}

function cancelled(): NodeExecError {
  return new NodeExecError(
    'timeout',
    'the demo collection was cancelled',
    'Nothing to do: the caller stopped waiting.',
  );
}

/** Resolves after `ms`, or rejects with the cancellation error as soon as `signal` aborts. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Serves demo/cluster/<node>.txt for node-1 … node-7 (and `this-machine` through the injected executor). */
export class DemoClusterExecutor implements NodeExecutor {
  readonly mode = 'local' as const;
  private readonly nodes: DemoNode[];
  private readonly delayMs: number;
  private dirPath: string | undefined;

  constructor(private readonly options: DemoClusterOptions = {}) {
    this.nodes = demoNodes({ thisMachine: options.thisMachine !== undefined });
    this.delayMs = options.delayMs ?? 1000;
  }

  /**
   * The nodes, as the worker's `listNodes` wants them: all, or those whose labels match `selector`. A bound function,
   * so it can be handed on alone.
   */
  readonly listNodes = async (selector?: string, signal?: AbortSignal): Promise<NodeInfo[]> => {
    if (signal?.aborted) throw cancelled();
    return this.nodes.filter((n) => matchesSelector(n.labels, selector)).map(nodeInfo);
  };

  /** The node a name, address or alert's labels mean; throws `node-not-found` with near names as the cluster does. */
  readonly resolveNode = async (subject: NodeSubject, signal?: AbortSignal): Promise<NodeInfo> => {
    if (signal?.aborted) throw cancelled();
    return resolveNodeSubject(subject, this.nodes.map(nodeInfo));
  };

  async collect(request: CollectRequest): Promise<CollectResult> {
    const started = Date.now();
    const node = this.nodes.find((n) => n.name === request.node);
    if (!node) {
      throw nodeNotFound(
        request.node,
        this.nodes.map((n) => n.name),
      );
    }
    if (node.name === THIS_MACHINE && this.options.thisMachine) {
      return this.options.thisMachine.collect(request);
    }
    if (request.signal?.aborted) throw cancelled();
    this.dirPath ??= this.options.dir ?? demoClusterDir();
    const [report] = await Promise.all([
      readFile(join(this.dirPath, `${node.name}.txt`)),
      pause(this.delayMs, request.signal),
    ]);
    return collectOutcome({
      node: node.name,
      mode: this.mode,
      where: 'the demo cluster',
      stdout: report,
      stderr: '',
      exitCode: 0,
      outputTruncated: false,
      durationMs: Date.now() - started,
    });
  }
}
