// Kubernetes API failures (client-node ApiException, a refused exec upgrade, a network error, an abort) as
// NodeExecErrors an operator can act on: the missing RBAC verb and resource, the Pod Security label to set, the
// proxy in front of the API server that refused a request, ...
import { NodeExecError, type NodeExecErrorCode } from '../../exec/node-exec-error.js';
import { proxyPageError, statusText, tooLargeError } from './proxy-refusal.js';

/** What was being done when the call failed: used in messages and when the Status body says too little. */
export interface KubeCallContext {
  /** E.g. `read node node-7`, `exec into pod netcheck-agent-x7k2p`. */
  action: string;
  /** The verb and resource RBAC checks for this call, e.g. `get` + `nodes`, `create` + `pods/exec`. */
  verb?: string;
  resource?: string;
  namespace?: string;
  /** What a 404 means here. @defaultValue exec-failed */
  notFound?: { code: NodeExecErrorCode; hint: string };
}

/** A refused exec upgrade: the HTTP status and the body (a Status, or a proxy's page) sent instead of `101`. */
export class ExecUpgradeError extends Error {
  constructor(
    readonly code: number,
    readonly body: string,
    /** Bytes of the request line (`GET /api/v1/...exec?... HTTP/1.1`) that was refused. */
    readonly requestLineBytes?: number,
  ) {
    super(`exec upgrade refused: HTTP ${code}`);
    this.name = 'ExecUpgradeError';
  }
}

export interface KubeStatus {
  code?: number;
  reason?: string;
  message?: string;
  details?: { name?: string; kind?: string };
}

/** The Status object in an error body (raw JSON text, as client-node keeps it, or already parsed). */
export function parseStatus(body: unknown): KubeStatus | undefined {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return body.trim() ? { message: body.trim().slice(0, 500) } : undefined;
    }
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const status = value as Record<string, unknown>;
  return {
    code: typeof status.code === 'number' ? status.code : undefined,
    reason: typeof status.reason === 'string' ? status.reason : undefined,
    message: typeof status.message === 'string' ? status.message : undefined,
    details: typeof status.details === 'object' && status.details !== null ? status.details : undefined,
  };
}

const RBAC =
  /cannot (\S+) resource "([^"]+)" in API group "([^"]*)"(?: in the namespace "([^"]+)"| at the cluster scope)?/;
const RBAC_USER = /User "([^"]+)"/;
const PSA = /violates PodSecurity "([a-z]+):[^"]*"(?::\s*(.*))?/s;

function rbacError(status: KubeStatus | undefined, context: KubeCallContext): NodeExecError {
  const message = status?.message ?? `forbidden: cannot ${context.action}`;
  const parsed = RBAC.exec(message);
  const verb = parsed?.[1] ?? context.verb;
  const resource = parsed?.[2] ?? context.resource;
  const group = parsed?.[3];
  const namespace = parsed ? parsed[4] : context.namespace;
  const user = RBAC_USER.exec(message)?.[1];
  // WebSocket exec is checked as `get`, SPDY as `create`, and 1.35 checks both: always grant the pair.
  const verbs = resource === 'pods/exec' ? 'create and get' : verb;
  const what =
    verbs && resource ? `${verbs} on ${resource}${group ? ` (API group ${group})` : ''}` : 'the missing permission';
  const where = namespace ? `in namespace ${namespace}` : 'at the cluster scope (a ClusterRole and ClusterRoleBinding)';
  return new NodeExecError(
    'rbac-denied',
    `not allowed to ${context.action}: ${message}`,
    `Grant ${what} ${where}${user ? ` to ${user}` : ''}; deploy/README.md lists every permission netcheck needs.`,
  );
}

function psaError(status: KubeStatus, context: KubeCallContext, level: string, violations?: string): NodeExecError {
  const namespace = context.namespace ?? 'the namespace';
  return new NodeExecError(
    'psa-rejected',
    `Pod Security admission rejected the pod in ${namespace} (enforce level ${level})${
      violations ? `: ${violations.trim()}` : ''
    }`,
    `The node pod needs host namespaces and NET_ADMIN: label the namespace pod-security.kubernetes.io/enforce=privileged (kubectl label namespace ${namespace} pod-security.kubernetes.io/enforce=privileged --overwrite), or install the agent DaemonSet and use --mode agent.`,
    { cause: status },
  );
}

/** True when `body` is a Kubernetes Status (the API server answered), not a proxy's page or nothing. */
function isKubeStatus(body: unknown): boolean {
  if (typeof body !== 'string') return false;
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'Status';
  } catch {
    return false;
  }
}

/** A non-101 answer to the exec upgrade. */
function upgradeError(error: ExecUpgradeError, context: KubeCallContext): NodeExecError {
  const { code, body } = error;
  const tooLarge = tooLargeError(code, context, error, error.requestLineBytes);
  if (tooLarge) return tooLarge;
  // Credentials, overload and an unreachable backend read the same from a proxy as from the API server.
  const anyone = code === 401 || code === 408 || code === 429 || code >= 500;
  if (!isKubeStatus(body) && !anyone) return proxyPageError(code, body, context, error);
  return fromHttpStatus(code, body, context, error, true);
}

function fromHttpStatus(
  code: number,
  body: unknown,
  context: KubeCallContext,
  cause: unknown,
  upgrade = false,
): NodeExecError {
  const status = parseStatus(body);
  const detail = status?.message ? `: ${status.message}` : '';
  const options = { cause };
  const tooLarge = tooLargeError(code, context, cause);
  if (tooLarge) return tooLarge;
  if (code === 403) {
    const psa = status?.message ? PSA.exec(status.message) : null;
    if (psa) return psaError(status ?? {}, context, psa[1] ?? 'unknown', psa[2]);
    return rbacError(status, context);
  }
  if (code === 401) {
    return new NodeExecError(
      'rbac-denied',
      `the API server rejected the credentials (401 Unauthorized) while trying to ${context.action}`,
      'Refresh the kubeconfig credentials (an expired token or client certificate?) or check the ServiceAccount token.',
      options,
    );
  }
  if (code === 404) {
    const namespaceGone = /^namespaces "([^"]+)" not found/.exec(status?.message ?? '');
    if (namespaceGone) {
      return new NodeExecError(
        'exec-failed',
        `namespace ${namespaceGone[1]} does not exist`,
        `Create it with the manifests in deploy/, or pass --namespace with the namespace netcheck is installed in.`,
        options,
      );
    }
    const notFound = context.notFound;
    if (notFound) return new NodeExecError(notFound.code, `cannot ${context.action}${detail}`, notFound.hint, options);
  }
  if (code === 408 || code === 504) {
    return new NodeExecError(
      'timeout',
      `the API server timed out while trying to ${context.action}${detail}`,
      'Try again; if it keeps timing out, check the API server load and the network to it.',
      options,
    );
  }
  if (code === 429 || code === 502 || code === 503) {
    return new NodeExecError(
      'apiserver-unreachable',
      `the API server is unavailable (HTTP ${code}) while trying to ${context.action}${detail}`,
      'Try again in a moment; the API server is overloaded or restarting.',
      options,
    );
  }
  if (upgrade && code < 500) {
    return new NodeExecError(
      'exec-failed',
      `the API server refused to ${context.action} (${statusText(code)})${detail}`,
      'The exec never started, for the reason the API server gives above (e.g. a container the pod does not have, or one that is not running): check the pod with kubectl describe, then try again.',
      options,
    );
  }
  return new NodeExecError(
    'exec-failed',
    `cannot ${context.action}: HTTP ${code}${detail}`,
    code >= 500
      ? 'The API server failed the request; if it could not reach the kubelet ("error dialing backend"), check the node and its kubelet port.'
      : 'Check the request in the message above; run with the same kubeconfig and kubectl to compare.',
    options,
  );
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
]);

function errorCode(error: object): string | undefined {
  const own = (error as { code?: unknown }).code;
  if (typeof own === 'string') return own;
  const cause = (error as { cause?: unknown }).cause;
  if (cause && typeof cause === 'object') return errorCode(cause);
  return undefined;
}

function message(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  return String(error);
}

/** Maps any failure of a Kubernetes call to a NodeExecError (a NodeExecError passes through unchanged). */
export function toNodeExecError(error: unknown, context: KubeCallContext): NodeExecError {
  if (error instanceof NodeExecError) return error;
  if (error instanceof ExecUpgradeError) return upgradeError(error, context);
  if (typeof error === 'object' && error !== null) {
    const httpCode = (error as { code?: unknown }).code;
    if (typeof httpCode === 'number' && httpCode >= 100 && httpCode < 600) {
      return fromHttpStatus(httpCode, (error as { body?: unknown }).body, context, error);
    }
    // A ws ErrorEvent (or its error) when a WebSocket upgrade is refused without our upgrade listener.
    const upgrade = /Unexpected server response: (\d{3})/.exec(message(error));
    if (upgrade) return fromHttpStatus(Number(upgrade[1]), undefined, context, error);
    const name = (error as { name?: unknown }).name;
    if (name === 'AbortError' || name === 'TimeoutError' || (error as { type?: unknown }).type === 'aborted') {
      return new NodeExecError(
        'timeout',
        `timed out while trying to ${context.action}`,
        'Try again; raise the deadline if the API server or node is slow.',
        { cause: error },
      );
    }
    const code = errorCode(error);
    if (code && (NETWORK_CODES.has(code) || code.includes('CERT') || code.startsWith('ERR_TLS'))) {
      return new NodeExecError(
        'apiserver-unreachable',
        `cannot reach the API server to ${context.action}: ${message(error)}`,
        code.includes('CERT') || code.startsWith('ERR_TLS')
          ? "The API server's certificate was not accepted: check the cluster's certificate-authority in the kubeconfig."
          : 'Check the server address in the kubeconfig (--context), the network path to it, and that the API server is up.',
        { cause: error },
      );
    }
  }
  const text = message(error);
  if (/HTTP protocol is not allowed|No cluster is defined|No active cluster/i.test(text)) {
    return new NodeExecError(
      'apiserver-unreachable',
      `cannot ${context.action}: ${text}`,
      'Fix the kubeconfig: pick a context with a cluster (--context) or use an https server address.',
      { cause: error },
    );
  }
  return new NodeExecError('exec-failed', `cannot ${context.action}: ${text}`, 'See the message above.', {
    cause: error,
  });
}
