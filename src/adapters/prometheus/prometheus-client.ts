// A small client for Prometheus's HTTP query API (`/api/v1/query`, `/api/v1/query_range`) on Node's fetch. Queries go
// as a form-encoded POST (no URL length limit), with the server-side `timeout` set to the client's, so a slow query
// stops on both sides. Every failure is a PrometheusError with a stable code. It is the MetricsSource port.
import type { MetricsSource, QueryResult } from '../../app/ports/metrics-source.js';
import { seriesOfData } from '../../crosscheck/query-answer.js';
import { PrometheusError } from './prometheus-error.js';

export interface PrometheusClientOptions {
  /** Base URL of Prometheus (or of a compatible API: Thanos, Mimir, VictoriaMetrics), path prefix included. */
  url: string;
  /** Client-side timeout of each request, headers and body, in milliseconds. @defaultValue 10000 */
  timeoutMs?: number;
  /** Extra request headers, e.g. `Authorization: Bearer ...` for an auth proxy. */
  headers?: Record<string, string>;
  /** Answers larger than this many bytes are rejected. @defaultValue 16 MiB */
  maxResponseBytes?: number;
  /** @defaultValue globalThis.fetch */
  fetch?: typeof fetch;
}

/** The MetricsSource port (src/app/ports/metrics-source.ts) over Prometheus's HTTP API. */
export interface PrometheusClient extends MetricsSource {
  readonly url: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

async function readBounded(response: Response, max: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > max) throw new RangeError(`answer of ${declared} bytes`);
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > max) throw new RangeError(`answer over ${max} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

export function createPrometheusClient(options: PrometheusClientOptions): PrometheusClient {
  let base: URL;
  try {
    base = new URL(options.url);
  } catch (cause) {
    throw new PrometheusError(
      'prometheus-invalid-url',
      `not a URL: ${JSON.stringify(options.url)}`,
      'give the Prometheus URL as http(s)://host:port[/prefix]',
      { cause },
    );
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new PrometheusError(
      'prometheus-invalid-url',
      `not an http(s) URL: ${base.href}`,
      'give the Prometheus URL as http(s)://host:port[/prefix]',
    );
  }
  const root = base.href.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_BYTES;
  const doFetch = options.fetch ?? globalThis.fetch;

  async function call(path: string, params: Record<string, string>, signal?: AbortSignal): Promise<QueryResult> {
    const endpoint = `${root}${path}`;
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([timeout, signal]) : timeout;
    const body = new URLSearchParams({ ...params, timeout: `${Math.max(1, Math.floor(timeoutMs / 1000))}s` });
    const failed = (cause: unknown, what: string): PrometheusError => {
      if (signal?.aborted)
        return new PrometheusError(
          'prometheus-aborted',
          `${what} ${endpoint}: aborted`,
          'nothing to do: the caller gave up',
          { cause },
        );
      if (timeout.aborted) {
        return new PrometheusError(
          'prometheus-timeout',
          `${what} ${endpoint}: no complete answer within ${timeoutMs} ms`,
          'check that Prometheus is up and not overloaded, or raise the timeout',
          { cause },
        );
      }
      const code = (cause as { cause?: { code?: string } })?.cause?.code;
      return new PrometheusError(
        'prometheus-unreachable',
        `${what} ${endpoint}: ${code ?? (cause instanceof Error ? cause.message : String(cause))}`,
        'check the Prometheus URL and that this process can reach it (network policy, DNS, port)',
        { cause },
      );
    };
    let response: Response;
    try {
      response = await doFetch(endpoint, {
        method: 'POST',
        headers: {
          ...options.headers,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body,
        signal: combined,
      });
    } catch (cause) {
      throw failed(cause, 'cannot reach');
    }
    let text: string;
    try {
      text = await readBounded(response, maxBytes);
    } catch (cause) {
      if (cause instanceof RangeError) {
        throw new PrometheusError(
          'prometheus-bad-response',
          `${endpoint}: ${cause.message}`,
          'query fewer series or a shorter range',
          { status: response.status, cause },
        );
      }
      throw failed(cause, 'answer cut from');
    }
    let json:
      | { status?: unknown; data?: unknown; errorType?: unknown; error?: unknown; warnings?: unknown }
      | undefined;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (json && json.status === 'error') {
      const errorType = typeof json.errorType === 'string' ? json.errorType : 'unknown';
      const message = `${endpoint}: ${errorType}: ${typeof json.error === 'string' ? json.error : 'no message'}`;
      if (errorType === 'timeout' || errorType === 'canceled') {
        throw new PrometheusError(
          'prometheus-timeout',
          message,
          'the query took too long on the server: raise the timeout or shorten the range',
          { status: response.status, errorType },
        );
      }
      throw new PrometheusError(
        'prometheus-query-failed',
        message,
        'the query was rejected: check the PromQL and the label values in it',
        { status: response.status, errorType },
      );
    }
    if (!response.ok) {
      const snippet = text.replace(/\s+/g, ' ').trim().slice(0, 200);
      throw new PrometheusError(
        'prometheus-http-error',
        `${endpoint}: HTTP ${response.status}${snippet ? `: ${snippet}` : ''}`,
        response.status === 401 || response.status === 403
          ? 'give credentials for the proxy in front of Prometheus (an Authorization header)'
          : response.status === 404
            ? "check the URL's path prefix (e.g. /prometheus): the query API is not at this address"
            : 'check Prometheus and any proxy in front of it',
        { status: response.status },
      );
    }
    const data = json?.status === 'success' ? seriesOfData(json.data) : undefined;
    if (!data) {
      throw new PrometheusError(
        'prometheus-bad-response',
        `${endpoint}: not a Prometheus query answer`,
        "check that the URL points at Prometheus's HTTP API",
        { status: response.status },
      );
    }
    const warnings = Array.isArray(json?.warnings)
      ? json.warnings.filter((w): w is string => typeof w === 'string')
      : [];
    return { ...data, warnings };
  }

  return {
    url: root,
    query(expr, opts = {}) {
      const params: Record<string, string> = { query: expr };
      if (opts.time !== undefined) params.time = String(opts.time);
      return call('/api/v1/query', params, opts.signal);
    },
    queryRange(expr, opts) {
      const params = { query: expr, start: String(opts.start), end: String(opts.end), step: String(opts.step) };
      return call('/api/v1/query_range', params, opts.signal);
    },
  };
}
