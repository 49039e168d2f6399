// Causal order across processes: a job waits (briefly) until the "queued" entry that announced it is in the thread,
// so "started" never appears above "queued" even when the worker is faster than the bot replica that enqueued it.
import type { IncidentThread } from '../../serve/ports.js';

/**
 * Resolves true once `thread.posted(incidentId, key)`, false after `timeoutMs` (the job then goes on: order is a
 * nicety, the result is not). Polls every `intervalMs`; stops early when `signal` aborts.
 */
export async function waitForPosted(
  thread: IncidentThread,
  incidentId: string,
  key: string,
  options: { timeoutMs: number; intervalMs?: number; signal?: AbortSignal },
): Promise<boolean> {
  const end = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 100;
  for (;;) {
    if (await thread.posted(incidentId, key).catch(() => false)) return true;
    if (Date.now() + interval > end || options.signal?.aborted) return false;
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
