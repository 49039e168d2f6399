// The NodeExecutor port (src/exec/node-executor.ts) answering from a script, for use-case tests: each call takes the
// next step, or the step a function gives for its request (a report, an error to throw, or `hang` until the request's
// signal aborts, or forever with `ignoreAbort`).
import type { CollectRequest, CollectResult, ExecMode, NodeExecutor } from '../../src/exec/node-executor.js';

export type ExecutorStep = { report: string; complete?: boolean; warnings?: string[] } | { error: Error } | 'hang';

export interface ScriptedExecutor extends NodeExecutor {
  /** The requests received, in order. */
  readonly requests: CollectRequest[];
}

export function scriptedExecutor(
  steps: readonly ExecutorStep[] | ((request: CollectRequest) => ExecutorStep),
  options: { mode?: ExecMode; ignoreAbort?: boolean } = {},
): ScriptedExecutor {
  const requests: CollectRequest[] = [];
  return {
    mode: options.mode ?? 'agent',
    requests,
    async collect(request) {
      requests.push(request);
      const step = typeof steps === 'function' ? steps(request) : steps[Math.min(requests.length, steps.length) - 1];
      if (step === undefined) throw new Error('scriptedExecutor: no step');
      if (step === 'hang') {
        return new Promise<CollectResult>((_, reject) => {
          if (options.ignoreAbort) return;
          request.signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
        });
      }
      if ('error' in step) throw step.error;
      return {
        node: request.node,
        mode: options.mode ?? 'agent',
        report: step.report,
        stderr: '',
        exitCode: 0,
        complete: step.complete ?? true,
        durationMs: 1200,
        ...(step.warnings ? { warnings: step.warnings } : {}),
      };
    },
  };
}
