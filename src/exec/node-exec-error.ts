// Why a collection failed: NodeExecError with a stable code, an operator hint and whether a retry can help.
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
  /** A proxy in front of the API server refused the request (size limit, no WebSocket), before the API server saw it. */
  | 'exec-request-rejected'
  /** The agent image's collector is missing or not the one this netcheck ships, and sending it another way failed. */
  | 'agent-outdated'
  | 'exec-failed';

/** Codes a retry cannot fix: bad input, unknown node, missing permissions or policy. */
const PERMANENT: ReadonlySet<NodeExecErrorCode> = new Set([
  'invalid-node-name',
  'node-not-found',
  'rbac-denied',
  'psa-rejected',
  'exec-request-rejected',
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
