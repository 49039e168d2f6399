// What a failed collection or sweep attempt means for the queue and the thread (collect-node.ts, run-sweep.ts):
// permanent (no retry, final entry now) or transient (retried; the entry only on the last attempt).
import { NodeExecError, type NodeExecErrorCode } from '../exec/node-exec-error.js';
import type { TimelineEntry } from '../incident/incident.js';
import type { JobOutcome } from './job-outcome.js';

export interface FailureVerdict {
  code: NodeExecErrorCode | 'internal';
  message: string;
  hint: string;
  /** A retry cannot help (bad input, unknown node, RBAC, Pod Security, a permanent Slack error). */
  permanent: boolean;
}

/** Classifies an error thrown while collecting or posting. */
export function failureVerdict(error: unknown): FailureVerdict {
  if (error instanceof NodeExecError) {
    return { code: error.code, message: error.message, hint: error.hint, permanent: error.permanent };
  }
  const message = error instanceof Error ? error.message : String(error);
  // SlackPermanentError (src/app/ports/slack-errors.ts): invalid_auth, channel_not_found, not_in_channel… never retried.
  if (error instanceof Error && error.name === 'SlackPermanentError') {
    const hint = (error as Error & { fix?: unknown }).fix;
    return {
      code: 'internal',
      message: `Slack refused a post: ${message}`,
      hint: typeof hint === 'string' ? hint : 'Check the bot token and that the bot is in the channel.',
      permanent: true,
    };
  }
  return {
    code: 'internal',
    message,
    hint: 'An unexpected error in the worker: see its logs (the job id is in them).',
    permanent: false,
  };
}

/** The thread entry of a failed attempt. */
export function failedEntry(node: string, at: string, verdict: FailureVerdict, final: boolean): TimelineEntry {
  return {
    type: 'collection-failed',
    at,
    node,
    code: verdict.code,
    message: verdict.message,
    hint: verdict.hint,
    final,
  };
}

/** The outcome of a failed attempt: no retry when permanent, else a retry (`final`: no attempt remains). */
export function failureOutcome(verdict: FailureVerdict, final: boolean, error: unknown): JobOutcome<never> {
  if (verdict.permanent) return { kind: 'permanent-failure', reason: verdict.message, code: verdict.code };
  return {
    kind: 'retry-later',
    reason: verdict.message,
    code: verdict.code,
    lastAttempt: final,
    error: error instanceof Error ? error : new Error(verdict.message),
  };
}
