// The error the Alertmanager ports (create a silence, find alerts) throw: what failed, the HTTP status when
// Alertmanager answered, and what the operator can do. Adapters throw it; the Slack handlers show its hint.

/** A call Alertmanager did not complete: the status (when it answered) and what the operator can do. */
export class AlertmanagerError extends Error {
  constructor(
    message: string,
    readonly hint: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AlertmanagerError';
  }
}
