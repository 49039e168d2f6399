// An in-process kube-apiserver for tests: plain HTTP on 127.0.0.1 and a free port, JSON only, core/v1 nodes,
// namespaces and pods, exec over WebSocket (v5/v4 channel protocols), Status errors with real codes and messages,
// RBAC denials, Pod Security Admission, failure injection, and a record of every request. client-node 1.4 and the
// real kubectl both work against it (test/adapters/k8s/).
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, STATUS_CODES } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { scriptedExec } from './exec-handlers.js';
import { chooseExecProtocol, EXEC_PROTOCOLS, type ExecHandler, serveExec } from './fake-kube-exec.js';
import { PodStore } from './fake-kube-pods.js';
import { type KubeconfigOptions, kubeconfigOptions, writeKubeconfigFile } from './fake-kubeconfig.js';

export type { KubeconfigOptions };

import { ACCESS_REVIEW_PATH, accessReview } from './fake-kube-access-review.js';
import { type ApiState, execTarget, type Reply, route } from './fake-kube-routes.js';
import { watchPods } from './fake-kube-watch.js';
import { type INamespace, type INode, type IPod, makeNamespace } from './kube-objects.js';
import { requestAttributes } from './kube-request-attributes.js';
import { type KubeStatus, type RequestAttributes, rbacForbidden, unauthorized } from './kube-status.js';

export interface FakeKubeApiserverOptions {
  /** What /version reports; kubectl's version dispatcher picks its binary from it. @defaultValue 'v1.31.4' */
  version?: string;
  nodes?: INode[];
  pods?: IPod[];
  /** @defaultValue ['default', 'kube-system', 'netcheck'] (privileged: no Pod Security labels) */
  namespaces?: (string | INamespace)[];
  /** Runs exec commands. @defaultValue exit 126 with a message on stderr */
  exec?: ExecHandler;
  /** Subprotocols exec accepts, e.g. only v4 for a cluster without the v5 stream translator. */
  execProtocols?: readonly string[];
  /** When set, requests must carry `Authorization: Bearer <token>` or get 401 (kubectl sends none over http). */
  token?: string;
  /** The user RBAC denials name. @defaultValue 'system:serviceaccount:netcheck:netcheck' */
  user?: string;
  /**
   * Emulates a proxy in front of the API server (nginx's `large_client_header_buffers 4 8k`: 8192): a request whose
   * request line (method, URL and version) is longer than this many bytes is answered 414 with nginx's page, HTTP
   * or upgrade alike, and never reaches the API server. @defaultValue no limit (Go's 1 MiB)
   */
  maxRequestLineBytes?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, when there was one. */
  body?: unknown;
  /** True for a WebSocket upgrade (exec). */
  upgrade: boolean;
  /** Bytes of the request line (`GET /api/v1/... HTTP/1.1`). */
  requestLineBytes: number;
}

/** A request the emulated proxy refused (maxRequestLineBytes). */
export interface ProxyRefusal {
  method: string;
  path: string;
  requestLineBytes: number;
  upgrade: boolean;
}

/** Answers requests that match with a Status, no answer at all (`stall`), or a dropped connection (`reset`). */
export interface FailureRule {
  method?: string;
  path: string | RegExp;
  respond: KubeStatus | 'stall' | 'reset';
  /** How many matching requests it answers. @defaultValue all */
  times?: number;
}

/** An RBAC rule the service account lacks, e.g. `{ verb: 'create', resource: 'pods/exec', namespace: 'netcheck' }`. */
export interface DeniedPermission {
  verb: string;
  resource: string;
  /** Deny only in this namespace. @defaultValue everywhere */
  namespace?: string;
}

export interface FakeKubeApiserver {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Requests the emulated proxy answered with 414 (they are not in `requests`). */
  readonly proxyRefusals: ProxyRefusal[];
  readonly nodes: Map<string, INode>;
  readonly namespaces: Map<string, INamespace>;
  /** Pods by `namespace/name`; `pods.fate` decides what happens to created pods. */
  readonly pods: PodStore;
  exec: ExecHandler;
  inject(rule: FailureRule): void;
  deny(permission: DeniedPermission): void;
  /** Holds every request (HTTP and upgrade) unanswered until `stall(false)`. */
  stall(on: boolean): void;
  /** Closes the listening socket and every connection: clients get ECONNREFUSED. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  /** A `KubeConfig.loadFromOptions` argument for this server. */
  kubeconfig(namespace?: string): KubeconfigOptions;
  /** Writes a kubeconfig YAML file (for kubectl) into `dir` and returns its path. */
  writeKubeconfig(dir: string, namespace?: string): string;
  close(): Promise<void>;
}

const JSON_TYPE = { 'Content-Type': 'application/json' };

export async function startFakeKubeApiserver(options: FakeKubeApiserverOptions = {}): Promise<FakeKubeApiserver> {
  let resourceVersion = 1000;
  const nextResourceVersion = () => String(++resourceVersion);
  const nodes = new Map((options.nodes ?? []).map((n) => [n.metadata?.name ?? '', n]));
  const namespaces = new Map(
    (options.namespaces ?? ['default', 'kube-system', 'netcheck'])
      .map((ns) => (typeof ns === 'string' ? makeNamespace(ns) : ns))
      .map((ns) => [ns.metadata?.name ?? '', ns]),
  );
  const pods = new PodStore({ nodes, namespaces, nextResourceVersion });
  for (const pod of options.pods ?? []) pods.put(pod);
  const user = options.user ?? 'system:serviceaccount:netcheck:netcheck';
  const version = options.version ?? 'v1.31.4';
  const minor = Number(version.split('.')[1]);
  const requests: RecordedRequest[] = [];
  const proxyRefusals: ProxyRefusal[] = [];
  const rules: FailureRule[] = [];
  const denied: DeniedPermission[] = [];
  const sockets = new Set<Socket>();
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => chooseExecProtocol(offered, options.execProtocols ?? EXEC_PROTOCOLS),
  });
  let stalled = false;
  let port = 0;
  const state: ApiState = {
    version,
    serverAddress: '',
    nodes,
    namespaces,
    pods,
    resourceVersion: () => String(resourceVersion),
  };

  const isDenied = (attrs: RequestAttributes) => {
    const what = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
    return denied.some(
      (d) => d.verb === attrs.verb && d.resource === what && (!d.namespace || d.namespace === attrs.namespace),
    );
  };

  /** Everything that answers before routing: injected failures, stall, authentication, RBAC. */
  const gate = (method: string, path: string, query: URLSearchParams, headers: IncomingHttpHeaders) => {
    if (stalled) return 'stall' as const;
    const rule = rules.find(
      (r) => (!r.method || r.method === method) && (typeof r.path === 'string' ? r.path === path : r.path.test(path)),
    );
    if (rule) {
      if (rule.times !== undefined && --rule.times <= 0) rules.splice(rules.indexOf(rule), 1);
      return rule.respond;
    }
    if (options.token && headers.authorization !== `Bearer ${options.token}`) return unauthorized();
    const attrs = requestAttributes(method, path, query);
    if (!attrs) return undefined;
    if (isDenied(attrs)) return rbacForbidden(attrs, user);
    // A WebSocket exec is a GET; since 1.35 the apiserver also requires `create` on pods/exec.
    if (attrs.subresource === 'exec' && method === 'GET' && minor >= 35 && isDenied({ ...attrs, verb: 'create' })) {
      return rbacForbidden({ ...attrs, verb: 'create' }, user);
    }
    return undefined;
  };

  const record = (req: IncomingMessage, body: unknown, upgrade: boolean) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      upgrade,
      requestLineBytes: requestLineBytes(req),
    });
    return url;
  };

  /** The emulated proxy: true when it refused the request (and answered it). */
  const proxyRefuses = (req: IncomingMessage, upgrade: boolean) => {
    const bytes = requestLineBytes(req);
    if (options.maxRequestLineBytes === undefined || bytes <= options.maxRequestLineBytes) return false;
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    proxyRefusals.push({ method: req.method ?? 'GET', path, requestLineBytes: bytes, upgrade });
    return true;
  };

  // Go's http.Server allows 1 MiB of request headers; an exec carrying the collector script as argv needs it.
  const server: Server = createServer({ maxHeaderSize: 1024 * 1024 }, async (req, res) => {
    if (proxyRefuses(req, false)) {
      const headers = { Server: 'nginx', 'Content-Type': 'text/html', Connection: 'close' };
      return void res.writeHead(414, 'Request-URI Too Large', headers).end(URI_TOO_LONG_PAGE);
    }
    const body = await readJson(req);
    const url = record(req, body, false);
    const method = req.method ?? 'GET';
    const early = gate(method, url.pathname, url.searchParams, req.headers);
    if (early === 'stall') return;
    if (early === 'reset') return void req.socket.destroy();
    let reply: Reply;
    if (early) reply = { code: early.code, body: early };
    else if (method === 'POST' && url.pathname === ACCESS_REVIEW_PATH) {
      const review = accessReview(body, isDenied);
      reply = 'kind' in review && review.kind === 'Status' ? { code: review.code, body: review } : (review as Reply);
    } else {
      const query = new URLSearchParams(url.searchParams);
      // DeleteOptions may come in the body (kubectl) or the query (client-node).
      if (method === 'DELETE' && body && typeof body === 'object' && 'propagationPolicy' in body) {
        query.set('propagationPolicy', String(body.propagationPolicy));
      }
      const attrs = requestAttributes(method, url.pathname, query);
      if (attrs?.verb === 'watch' && attrs.resource === 'pods' && !attrs.subresource) {
        try {
          return watchPods(res, pods, attrs.namespace, query);
        } catch {
          // an invalid selector: route() answers it with the same 400 a list gets
        }
      }
      reply = route(method, url.pathname, query, body, state);
    }
    res.writeHead(reply.code, JSON_TYPE).end(JSON.stringify(reply.body));
  });

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    if (proxyRefuses(req, true)) return void socket.end(URI_TOO_LONG);
    const url = record(req, undefined, true);
    const early = gate(req.method ?? 'GET', url.pathname, url.searchParams, req.headers);
    if (early === 'stall') return;
    if (early === 'reset') return void socket.destroy();
    const target = early ?? execTarget(url.pathname, url.searchParams, state);
    if ('kind' in target) return rejectUpgrade(socket, target);
    wss.handleUpgrade(req, socket, head, (ws) => {
      void serveExec(ws, target.call, target.streams, api.exec);
    });
  });

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });

  const down = () =>
    new Promise<void>((resolve) => {
      for (const client of wss.clients) client.terminate();
      for (const socket of sockets) socket.destroy();
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });

  await listen();
  state.serverAddress = `127.0.0.1:${port}`;
  const url = `http://127.0.0.1:${port}`;

  const token = options.token ?? 'fake-token';

  const api: FakeKubeApiserver = {
    url,
    requests,
    proxyRefusals,
    nodes,
    namespaces,
    pods,
    exec: options.exec ?? scriptedExec({ stderr: 'the fake apiserver has no exec handler\n', exitCode: 126 }),
    inject: (rule) => void rules.push({ ...rule }),
    deny: (permission) => void denied.push(permission),
    stall: (on) => {
      stalled = on;
    },
    down,
    up: listen,
    kubeconfig: (namespace = 'default') => kubeconfigOptions(url, token, namespace),
    writeKubeconfig: (dir, namespace = 'default') => writeKubeconfigFile(dir, url, token, namespace),
    async close() {
      pods.close();
      await down();
      wss.close();
    },
  };
  return api;
}

function requestLineBytes(req: IncomingMessage): number {
  return Buffer.byteLength(`${req.method} ${req.url} HTTP/${req.httpVersion}`);
}

/** nginx's answer to a request line over its buffer (ngx_http_special_response.c), then it closes the connection. */
const URI_TOO_LONG_PAGE =
  '<html>\r\n<head><title>414 Request-URI Too Large</title></head>\r\n<body>\r\n' +
  '<center><h1>414 Request-URI Too Large</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
const URI_TOO_LONG =
  'HTTP/1.1 414 Request-URI Too Large\r\nServer: nginx\r\nContent-Type: text/html\r\n' +
  `Content-Length: ${Buffer.byteLength(URI_TOO_LONG_PAGE)}\r\nConnection: close\r\n\r\n${URI_TOO_LONG_PAGE}`;

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Answers a failed upgrade with a plain HTTP Status response, as the apiserver does before switching protocols. */
function rejectUpgrade(socket: Socket, status: KubeStatus): void {
  const body = JSON.stringify(status);
  socket.end(
    `HTTP/1.1 ${status.code} ${STATUS_CODES[status.code]}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
