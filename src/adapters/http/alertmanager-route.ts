// POST /alertmanager: Alertmanager's webhook receiver, for Bolt's HTTPReceiver `customRoutes`.
//
//   customRoutes: [{ path: '/alertmanager', method: ['POST'], handler: createAlertmanagerRoute({ queue, cluster, auth }) }]
//
// Answers (Alertmanager retries every 5xx and never a 4xx, so a transient failure is never a 4xx):
//   200 {status: 'queued'|'duplicate', incident}   the delivery is durably in the `alerts` queue
//   400 {error}   not JSON, nested deeper than 32 levels, or not a webhook payload v4 (the reason names the field); final
//   401           missing or wrong credentials (WWW-Authenticate names the configured schemes)
//   405           not POST
//   413           body over the limit (1 MiB by default); the connection is closed without reading the rest
//   503 {error}   Redis unreachable or the enqueue took longer than ~2 s; Alertmanager retries
//
// Every answer but 200 is counted in `netcheck_intake_refused_total{reason}` and logged at most twice a minute per
// reason (refusal-log.ts); every 200 in `netcheck_intake_deliveries_total{state}`, logged one by one up to 50 per
// 10 s (accepted-log.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { parseAlertmanagerPayload } from '../../alerts/alertmanager-payload.js';
import { deliveryKey, incidentId } from '../../alerts/delivery-key.js';
import type { DeliveryQueue } from '../../app/ports/delivery-queue.js';
import { createAcceptedLog } from './accepted-log.js';
import { authChallenge, checkAuth, type IntakeAuth } from './check-auth.js';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from './json-depth.js';
import { BodyTooLargeError, DEFAULT_BODY_LIMIT, readBody } from './read-body.js';
import { createRefusalLog } from './refusal-log.js';

/** The pino methods the route logs with. */
export interface RouteLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface AlertmanagerRouteDeps {
  queue: DeliveryQueue;
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
  /** Where `netcheck_intake_refused_total` is registered (the service's /metrics). */
  registry?: Registry;
  /** Shortest time between two log lines about refusals of one reason. @defaultValue 60 000 */
  refusalLogIntervalMs?: number;
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
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new EnqueueTimeout(`enqueue took longer than ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** The request handler of POST /alertmanager (see the answers above). */
export function createAlertmanagerRoute(
  deps: AlertmanagerRouteDeps,
): (req: IncomingMessage, res: ServerResponse) => void {
  const limit = deps.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const timeoutMs = deps.enqueueTimeoutMs ?? 2000;
  const now = deps.now ?? (() => new Date());
  const acceptedLog = createAcceptedLog({
    ...(deps.log ? { log: deps.log } : {}),
    ...(deps.registry ? { registry: deps.registry } : {}),
  });
  const refusals = createRefusalLog({
    ...(deps.log ? { log: deps.log } : {}),
    ...(deps.registry ? { registry: deps.registry } : {}),
    ...(deps.refusalLogIntervalMs !== undefined ? { intervalMs: deps.refusalLogIntervalMs } : {}),
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const remote = req.socket.remoteAddress;
    if (req.method !== 'POST') {
      refusals.refused('method_not_allowed', { remote, method: req.method }, 'alertmanager: method not allowed');
      send(res, 405, { error: 'use POST' }, { allow: 'POST', connection: 'close' });
      return;
    }
    if (!checkAuth(req.headers, deps.auth)) {
      refusals.refused('unauthorized', { remote }, 'alertmanager: rejected credentials');
      send(res, 401, { error: 'unauthorized' }, { 'www-authenticate': authChallenge(deps.auth), connection: 'close' });
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req, limit);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        refusals.refused('too_large', { remote, limit }, 'alertmanager: payload too large');
        send(res, 413, { error: `payload larger than ${limit} bytes` }, { connection: 'close' });
      } else {
        res.destroy();
      }
      return;
    }
    // Before parsing: a payload nested deeper than any webhook would make serialising the job throw.
    if (exceedsJsonDepth(body, MAX_JSON_DEPTH)) {
      const error = `JSON nested deeper than ${MAX_JSON_DEPTH} levels: not an Alertmanager webhook payload`;
      refusals.refused('too_deep', { remote, error }, 'alertmanager: invalid payload');
      send(res, 400, { error });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch (cause) {
      const error = `invalid JSON: ${(cause as Error).message}`;
      refusals.refused('invalid_json', { remote, error }, 'alertmanager: invalid JSON');
      send(res, 400, { error });
      return;
    }
    const parsed = parseAlertmanagerPayload(json);
    if (!parsed.ok) {
      refusals.refused('invalid_payload', { remote, error: parsed.error }, 'alertmanager: invalid payload');
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
      acceptedLog.accepted(added.state, { incident, job: added.jobId, alerts: payload.alerts.length });
      send(res, 200, { status: added.state, incident });
    } catch (error) {
      refusals.refused(
        'queue_unavailable',
        { incident, error: (error as Error).message },
        'alertmanager: could not queue the delivery',
      );
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
