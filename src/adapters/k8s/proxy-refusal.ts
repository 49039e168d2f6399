// Refusals that come from a proxy in front of the API server, not from Kubernetes: a request over a size limit
// (413, 414, 431) or a page that is not a Status. Each names the proxy setting to change.
import { STATUS_CODES } from 'node:http';
import { NodeExecError } from '../../exec/node-exec-error.js';
import type { KubeCallContext } from './kube-errors.js';

export const statusText = (code: number) => `HTTP ${code}${STATUS_CODES[code] ? ` ${STATUS_CODES[code]}` : ''}`;

/** 413, 414, 431: a request over a size limit, which only proxies in front of the API server set this low. */
const TOO_LARGE: Record<number, { what: string; limit: string }> = {
  413: {
    what: 'request body',
    limit: "nginx allows 1 MiB by default (client_max_body_size 1m): raise that proxy's limit",
  },
  414: {
    what: 'request line',
    limit:
      "nginx and ingress-nginx allow 8 KiB request lines by default (large_client_header_buffers 4 8k), HAProxy 16 KiB (tune.bufsize); netcheck keeps its requests under 8 KiB, so this proxy's limit is lower still: raise it (e.g. large_client_header_buffers 4 16k)",
  },
  431: {
    what: 'request headers',
    limit:
      "nginx allows 8 KiB per header line by default (large_client_header_buffers 4 8k): raise that proxy's limit (a long bearer token can exceed it)",
  },
};

export function tooLargeError(
  code: number,
  context: KubeCallContext,
  cause: unknown,
  requestLineBytes?: number,
): NodeExecError | undefined {
  const entry = TOO_LARGE[code];
  if (!entry) return undefined;
  const { what, limit } = entry;
  const size = code === 414 && requestLineBytes ? ` (${requestLineBytes} bytes)` : '';
  return new NodeExecError(
    'exec-request-rejected',
    `the request to ${context.action} was refused with ${statusText(code)}: its ${what}${size} is over the limit of a proxy between netcheck and the API server`,
    `A proxy in front of the API server (Rancher, a load balancer, an ingress) refuses large requests: ${limit}; or point the kubeconfig at the API server without the proxy.`,
    { cause },
  );
}

/** A non-Status answer to the exec upgrade: a proxy refused the WebSocket exec. */
export function proxyPageError(code: number, body: string, context: KubeCallContext, cause: unknown): NodeExecError {
  const page = body
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
  return new NodeExecError(
    'exec-request-rejected',
    `the exec upgrade to ${context.action} was answered with ${statusText(code)} by something in front of the API server (not a Kubernetes Status)${page ? `: ${page}` : ''}`,
    'A proxy between netcheck and the API server refused the WebSocket exec: it must pass WebSocket upgrades (the Upgrade and Connection headers; nginx: proxy_http_version 1.1) and request lines up to 8 KiB; or point the kubeconfig at the API server without the proxy.',
    { cause },
  );
}
