// Failures a real Prometheus (or the proxy in front of it) produces, served by a local HTTP server: what the client
// sends, and the code and hint of each failure.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrometheusClient } from '../../../src/adapters/prometheus/prometheus-client.js';
import { PrometheusError } from '../../../src/adapters/prometheus/prometheus-error.js';
import { freePort } from '../../support/prometheus/daemon.js';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

let server: Server;
let base: string;
let handler: Handler = (_req, _body, res) => res.end();
const sockets = new Set<Socket>();

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => handler(req, body, res));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function failure(promise: Promise<unknown>): Promise<PrometheusError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PrometheusError);
  return error as PrometheusError;
}

const json = (res: ServerResponse, status: number, value: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
};

describe('Prometheus client', () => {
  it('POSTs the query form under the path prefix, with the server-side timeout and the extra headers', async () => {
    const seen: { method?: string; url?: string; type?: string; auth?: string; body?: string }[] = [];
    handler = (req, body, res) => {
      seen.push({
        method: req.method,
        url: req.url,
        type: req.headers['content-type'],
        auth: req.headers.authorization,
        body,
      });
      json(res, 200, { status: 'success', data: { resultType: 'vector', result: [] }, warnings: ['partial'] });
    };
    const client = createPrometheusClient({
      url: `${base}/prom/`,
      timeoutMs: 2500,
      headers: { authorization: 'Bearer t' },
    });
    const result = await client.query('up{job="node"}', { time: 1795462000.5 });
    await client.queryRange('up', { start: 1, end: 61, step: 15 });
    expect(result).toEqual({ resultType: 'vector', series: [], warnings: ['partial'] });
    expect(seen[0]).toEqual({
      method: 'POST',
      url: '/prom/api/v1/query',
      type: 'application/x-www-form-urlencoded',
      auth: 'Bearer t',
      body: 'query=up%7Bjob%3D%22node%22%7D&time=1795462000.5&timeout=2s',
    });
    expect(seen[1]).toMatchObject({
      url: '/prom/api/v1/query_range',
      body: 'query=up&start=1&end=61&step=15&timeout=2s',
    });
  });

  it('says unreachable when nothing listens', async () => {
    const port = await freePort();
    const error = await failure(createPrometheusClient({ url: `http://127.0.0.1:${port}` }).query('up'));
    expect(error.code).toBe('prometheus-unreachable');
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.hint).toMatch(/URL/);
  });

  it('times out on a server that never answers, and on an answer that stalls halfway', async () => {
    handler = () => {};
    const client = createPrometheusClient({ url: base, timeoutMs: 300 });
    const started = Date.now();
    const silent = await failure(client.query('up'));
    expect(silent.code).toBe('prometheus-timeout');
    expect(Date.now() - started).toBeLessThan(2000);
    handler = (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"status":"success","data":{"resultType":"vec');
    };
    const cut = await failure(client.query('up'));
    expect(cut.code).toBe('prometheus-timeout');
  });

  it("tells the caller's abort apart from a timeout", async () => {
    handler = () => {};
    const controller = new AbortController();
    const pending = createPrometheusClient({ url: base, timeoutMs: 5000 }).query('up', { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect((await failure(pending)).code).toBe('prometheus-aborted');
  });

  it("reads Prometheus's own errors: execution failures, and server-side timeouts as timeouts", async () => {
    handler = (_req, _body, res) =>
      json(res, 422, { status: 'error', errorType: 'execution', error: 'many-to-many matching not allowed' });
    const client = createPrometheusClient({ url: base });
    const rejected = await failure(client.query('a / b'));
    expect(rejected).toMatchObject({
      code: 'prometheus-query-failed',
      details: { status: 422, errorType: 'execution' },
    });
    expect(rejected.message).toContain('many-to-many matching not allowed');
    handler = (_req, _body, res) =>
      json(res, 503, { status: 'error', errorType: 'timeout', error: 'query timed out in expression evaluation' });
    expect((await failure(client.query('up'))).code).toBe('prometheus-timeout');
  });

  it("names a proxy's refusal and points at credentials", async () => {
    handler = (_req, _body, res) => {
      res.writeHead(401, { 'content-type': 'text/html' });
      res.end('<html><body>401 Authorization Required</body></html>');
    };
    const error = await failure(createPrometheusClient({ url: base }).query('up'));
    expect(error).toMatchObject({ code: 'prometheus-http-error', details: { status: 401 } });
    expect(error.message).toContain('401 Authorization Required');
    expect(error.hint).toMatch(/Authorization header/);
  });

  it("rejects answers that are not the query API's, or too large", async () => {
    const client = createPrometheusClient({ url: base, maxResponseBytes: 1024 });
    handler = (_req, _body, res) => res.end('<html>Grafana</html>');
    expect((await failure(client.query('up'))).code).toBe('prometheus-bad-response');
    handler = (_req, _body, res) => json(res, 200, { status: 'success', data: { resultType: 'vector', result: 7 } });
    expect((await failure(client.query('up'))).code).toBe('prometheus-bad-response');
    handler = (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('x'.repeat(800));
      res.end('y'.repeat(800));
    };
    const large = await failure(client.query('up'));
    expect(large.code).toBe('prometheus-bad-response');
    expect(large.message).toContain('over 1024 bytes');
  });

  it('refuses a URL that is not http(s) before any request', () => {
    expect(() => createPrometheusClient({ url: 'prometheus:9090' })).toThrow(PrometheusError);
    expect(() => createPrometheusClient({ url: 'not a url' })).toThrow(/not a URL/);
  });
});
