/** Why a collection failed, as a stable code (logs, metrics, retry decisions) with a message an operator can act on. */
export type NodeExecErrorCode =
  | 'invalid-node-name'
  | 'node-not-found'
  | 'node-not-ready'
  | 'agent-not-found'
  | 'rbac-denied'
  | 'psa-rejected'
  | 'image-pull-failed'
  | 'pod-not-scheduled'
  | 'timeout'
  | 'apiserver-unreachable'
  | 'exec-failed';

/** Codes a retry cannot fix: bad input, unknown node, missing permissions or policy. */
const PERMANENT: ReadonlySet<NodeExecErrorCode> = new Set([
  'invalid-node-name',
  'node-not-found',
  'rbac-denied',
  'psa-rejected',
]);

export class NodeExecError extends Error {
  constructor(
    readonly code: NodeExecErrorCode,
    message: string,
    /** What the operator should do, one sentence. */
    readonly hint: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'NodeExecError';
  }

  get permanent(): boolean {
    return PERMANENT.has(this.code);
  }
}
