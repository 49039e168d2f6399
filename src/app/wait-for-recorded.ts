// Causal order across processes without waiting for Slack: a job waits (briefly) until the "queued" entry that
// announced it is recorded in the thread's log, so its "started" line is recorded after it (and posted after it).
import type { IncidentThread } from './ports/incident-thread.js';

/** Timeline key of the "queued" entry a job waits for when its data names none (CollectionJob.queuedKey). */
export function queuedKey(jobId: string): string {
  return `queued:${jobId}`;
}

/**
 * Resolves true once `thread.recorded(incidentId, key)`, false after `timeoutMs` (the job then goes on: order is a
 * nicety, the result is not). Polls every `intervalMs`; stops early when `signal` aborts. Recording is a Redis step of
 * the process that queued the job (milliseconds), never a Slack call.
 */
export async function waitForRecorded(
  thread: IncidentThread,
  incidentId: string,
  key: string,
  options: { timeoutMs: number; intervalMs?: number; signal?: AbortSignal },
): Promise<boolean> {
  const end = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 25;
  for (;;) {
    if (await thread.recorded(incidentId, key).catch(() => false)) return true;
    if (Date.now() + interval > end || options.signal?.aborted) return false;
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
