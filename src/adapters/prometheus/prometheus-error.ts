// The Prometheus adapter's typed failure: a stable code per way a query can fail, with an operator hint.
/** Why a Prometheus query failed, as a stable code with a message and a hint an operator can act on. */
export type PrometheusErrorCode =
  /** The URL is not an absolute http(s) URL. */
  | 'prometheus-invalid-url'
  /** Connection refused, DNS failure, reset: nothing answered. */
  | 'prometheus-unreachable'
  /** No complete answer within the client's timeout (or the server's `timeout` for the query). */
  | 'prometheus-timeout'
  /** The caller's signal aborted the request. */
  | 'prometheus-aborted'
  /** Prometheus rejected the query (`status: "error"`: `bad_data`, `execution`, `timeout`, `canceled`...). */
  | 'prometheus-query-failed'
  /** An HTTP status without Prometheus's JSON: an auth proxy (401/403), a wrong path (404), a gateway error. */
  | 'prometheus-http-error'
  /** A 2xx answer that is not the query API's JSON, or too large. */
  | 'prometheus-bad-response';

export class PrometheusError extends Error {
  constructor(
    readonly code: PrometheusErrorCode,
    message: string,
    /** What the operator should do, one sentence. */
    readonly hint: string,
    readonly details: { status?: number; errorType?: string; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'PrometheusError';
  }
}
