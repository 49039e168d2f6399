// POST /alertmanager: Alertmanager's webhook receiver, for Bolt's HTTPReceiver `customRoutes`.
//
//   customRoutes: [{ path: '/alertmanager', method: ['POST'], handler: createAlertmanagerRoute({ queue, cluster, auth }) }]
//
// Answers (Alertmanager retries every 5xx and never a 4xx, so a transient failure is never a 4xx):
//   200 {status: 'queued'|'duplicate', incident}   the delivery is durably in the `alerts` queue
//   400 {error}   not JSON, or not a webhook payload v4 (the reason names the field); final
//   401           missing or wrong credentials (WWW-Authenticate names the configured schemes)
//   405           not POST
//   413           body over the limit (1 MiB by default); the connection is closed without reading the rest
//   503 {error}   Redis unreachable or the enqueue took longer than ~2 s; Alertmanager retries
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseAlertmanagerPayload } from '../../alerts/alertmanager-payload.js';
import { deliveryKey, incidentId } from '../../alerts/delivery-key.js';
import type { AlertQueue } from '../queue/alert-queue.js';
import { authChallenge, checkAuth, type IntakeAuth } from './check-auth.js';
import { BodyTooLargeError, DEFAULT_BODY_LIMIT, readBody } from './read-body.js';

/** The pino methods the route logs with. */
export interface RouteLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface AlertmanagerRouteDeps {
  queue: Pick<AlertQueue, 'add'>;
  /** NETCHECK_CLUSTER: part of the incident and delivery keys. */
  cluster: string;
  auth: IntakeAuth;
  /** @defaultValue 1 MiB */
  bodyLimit?: number;
  /** Longest wait for the enqueue before answering 503. @defaultValue 2000 */
  enqueueTimeoutMs?: number;
  /** @defaultValue () => new Date() */
  now?: () => Date;
  log?: RouteLogger;
}

function send(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(json)),
    ...headers,
  });
  res.end(json);
}

class EnqueueTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new EnqueueTimeout(`enqueue took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The request handler of POST /alertmanager (see the answers above). */
export function createAlertmanagerRoute(
  deps: AlertmanagerRouteDeps,
): (req: IncomingMessage, res: ServerResponse) => void {
  const limit = deps.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const timeoutMs = deps.enqueueTimeoutMs ?? 2000;
  const now = deps.now ?? (() => new Date());

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      send(res, 405, { error: 'use POST' }, { allow: 'POST', connection: 'close' });
      return;
    }
    if (!checkAuth(req.headers, deps.auth)) {
      deps.log?.warn({ remote: req.socket.remoteAddress }, 'alertmanager: rejected credentials');
      send(res, 401, { error: 'unauthorized' }, { 'www-authenticate': authChallenge(deps.auth), connection: 'close' });
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req, limit);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        deps.log?.warn({ limit }, 'alertmanager: payload too large');
        send(res, 413, { error: `payload larger than ${limit} bytes` }, { connection: 'close' });
      } else {
        res.destroy();
      }
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch (error) {
      send(res, 400, { error: `invalid JSON: ${(error as Error).message}` });
      return;
    }
    const parsed = parseAlertmanagerPayload(json);
    if (!parsed.ok) {
      deps.log?.warn({ error: parsed.error }, 'alertmanager: invalid payload');
      send(res, 400, { error: parsed.error });
      return;
    }
    const payload = parsed.payload;
    const incident = incidentId(deps.cluster, payload.groupKey);
    const key = deliveryKey(deps.cluster, payload);
    try {
      const added = await withTimeout(
        deps.queue.add(payload, { deliveryKey: key, receivedAt: now().toISOString() }),
        timeoutMs,
      );
      deps.log?.info(
        { incident, job: added.jobId, state: added.state, alerts: payload.alerts.length },
        'alertmanager: delivery accepted',
      );
      send(res, 200, { status: added.state, incident });
    } catch (error) {
      deps.log?.warn({ incident, error: (error as Error).message }, 'alertmanager: could not queue the delivery');
      send(
        res,
        503,
        { error: 'could not queue the delivery (Redis unavailable); retry later' },
        { 'retry-after': '10' },
      );
    }
  }

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      deps.log?.warn({ error: (error as Error).message }, 'alertmanager: internal error');
      send(res, 503, { error: 'internal error; retry later' });
    });
  };
}
