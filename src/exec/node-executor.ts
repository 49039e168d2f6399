// The NodeExecutor port: what a collection asks for, what it returns, and the interface every way of running the
// collector implements.
/** How the collector reaches a node. */
export type ExecMode = 'agent' | 'debug-pod' | 'local';

export interface CollectRequest {
  /** Node name, already resolved and validated (see resolve-node.ts). */
  node: string;
  /** Seconds between the two counter samples. @defaultValue 5 */
  interval?: number;
  /** In-node deadline of the whole collector run, in seconds; the client waits a little longer. @defaultValue 60 */
  deadlineSeconds?: number;
  signal?: AbortSignal;
}

export interface CollectResult {
  node: string;
  mode: ExecMode;
  /** The collector's stdout (the report), possibly incomplete. */
  report: string;
  stderr: string;
  /** Exit status from the exec channel's status (channel 3), or the local process; null when none arrived. */
  exitCode: number | null;
  /** True when the report ends with its `#netcheck end` sentinel and the byte count matches. */
  complete: boolean;
  durationMs: number;
  /**
   * What the operator should fix although the collection worked, one sentence each with its fix (e.g. an agent image
   * whose collector is older than this netcheck's). Absent when there is nothing to say.
   */
  warnings?: string[];
}

/**
 * The port every way of running the collector implements: "run the collector on node X, give me the report or a
 * typed failure" (NodeExecError). Adapters live in src/adapters/ (local, k8s agent, k8s debug pod).
 */
export interface NodeExecutor {
  readonly mode: ExecMode;
  collect(request: CollectRequest): Promise<CollectResult>;
}
