// GET /healthz (the process answers), GET /readyz (Redis reachable, else 503) and GET /metrics (Prometheus text),
// as Bolt `customRoutes` on the Slack server's port.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';

/** A node:http route handler as Bolt's `customRoutes` take it. */
export interface Route {
  path: string;
  method: string | string[];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

export interface HealthDeps {
  /** True when the service can do its work (Redis answers PING). Must not throw; bounded in time. */
  ready(): Promise<boolean>;
  registry: Registry;
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

/** The three routes; `/readyz` says what is not ready so a `kubectl describe pod` shows it. */
export function healthRoutes(deps: HealthDeps): Route[] {
  return [
    { path: '/healthz', method: ['GET', 'HEAD'], handler: (_req, res) => send(res, 200, 'ok\n') },
    {
      path: '/readyz',
      method: ['GET', 'HEAD'],
      handler: (_req, res) => {
        deps.ready().then(
          (ready) => (ready ? send(res, 200, 'ready\n') : send(res, 503, 'not ready: Redis does not answer\n')),
          () => send(res, 503, 'not ready: Redis does not answer\n'),
        );
      },
    },
    {
      path: '/metrics',
      method: 'GET',
      handler: (_req, res) => {
        deps.registry.metrics().then(
          (text) => send(res, 200, text, deps.registry.contentType),
          (error: Error) => send(res, 500, `metrics failed: ${error.message}\n`),
        );
      },
    },
  ];
}
