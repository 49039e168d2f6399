// What every executor does with a finished run: a report (whole or not) becomes a CollectResult, a run that
// produced no report becomes an `exec-failed` NodeExecError that quotes stderr. Pure.
import { NodeExecError } from './node-exec-error.js';
import type { CollectResult, ExecMode } from './node-executor.js';
import { isReportComplete } from './report-complete.js';

export interface FinishedRun {
  node: string;
  mode: ExecMode;
  /** Where the collector ran, for messages: `pod netcheck-agent-x7k2p`, `this machine`. */
  where: string;
  stdout: Buffer;
  stderr: string;
  exitCode: number | null;
  /** Why the exec itself failed, when it did (not the command's exit status). */
  failure?: string;
  outputTruncated: boolean;
  durationMs: number;
}

const REPORT_LINE = '#netcheck report ';

function excerpt(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const text = lines.slice(-5).join(' | ');
  return text.length > 600 ? `…${text.slice(-600)}` : text;
}

function hintFor(exitCode: number | null): string {
  if (exitCode === 126 || exitCode === 127) {
    return 'The container lacks sh or cannot run it: use the netcheck agent image (deploy/agent/Dockerfile) or one with a POSIX sh.';
  }
  if (exitCode === 2) {
    return 'The collector rejected its arguments: check --interval and --deadline, or a version mismatch between netcheck and the script.';
  }
  if (exitCode === 137 || exitCode === 143) {
    return "The collector was killed (memory limit, the pod's deadline, or eviction): check the pod's events and limits.";
  }
  if (exitCode === null) {
    return 'The exec ended without a status (the connection or the container runtime dropped it): try again.';
  }
  return 'Read the collector stderr above; `netcheck collector` prints the script to run by hand on the node.';
}

/** The CollectResult of a run, or an `exec-failed` NodeExecError when it produced no report at all. */
export function collectOutcome(run: FinishedRun): CollectResult {
  const hasReport = run.stdout.includes(REPORT_LINE);
  if (!hasReport && (run.exitCode !== 0 || run.failure !== undefined || run.stdout.length === 0)) {
    const stderr = excerpt(run.stderr);
    const why =
      run.failure !== undefined
        ? `the exec failed (${run.failure})`
        : run.exitCode === null
          ? 'the exec ended without an exit status'
          : `the collector exited ${run.exitCode}`;
    throw new NodeExecError(
      'exec-failed',
      `no report from node ${run.node}: ${why} in ${run.where}${stderr ? `; stderr: ${stderr}` : '; no stderr'}`,
      run.failure !== undefined && run.exitCode === null
        ? 'The API server or kubelet failed the exec: try again, and check the pod and node if it repeats.'
        : hintFor(run.exitCode),
    );
  }
  return {
    node: run.node,
    mode: run.mode,
    report: run.stdout.toString('utf8'),
    stderr: run.stderr,
    exitCode: run.exitCode,
    complete: !run.outputTruncated && isReportComplete(run.stdout),
    durationMs: run.durationMs,
  };
}
