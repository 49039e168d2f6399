import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exitStatusOf } from '../../../src/adapters/k8s/exec-status.js';
import { collectOutcome, type FinishedRun } from '../../../src/exec/collect-outcome.js';
import { NodeExecError } from '../../../src/exec/node-exec-error.js';

const report = readFileSync(new URL('../../../bench/sample-report.txt', import.meta.url));
const run = (over: Partial<FinishedRun>): FinishedRun => ({
  node: 'node-7',
  mode: 'agent',
  where: 'pod netcheck-agent-x7k2p',
  stdout: report,
  stderr: '',
  exitCode: 0,
  outputTruncated: false,
  durationMs: 1200,
  ...over,
});

function failure(r: FinishedRun): NodeExecError {
  try {
    collectOutcome(r);
  } catch (error) {
    if (error instanceof NodeExecError) return error;
  }
  throw new Error('expected a NodeExecError');
}

describe('collectOutcome', () => {
  it('returns a whole report as complete', () => {
    expect(collectOutcome(run({}))).toMatchObject({ node: 'node-7', mode: 'agent', exitCode: 0, complete: true });
  });

  it('returns a cut or capped report as incomplete, never as whole', () => {
    const cut = collectOutcome(run({ stdout: report.subarray(0, 4000), exitCode: null }));
    expect(cut.complete).toBe(false);
    expect(cut.report).toHaveLength(4000);
    expect(collectOutcome(run({ outputTruncated: true })).complete).toBe(false);
    expect(collectOutcome(run({ stdout: report.subarray(0, 4000), exitCode: 143 })).complete).toBe(false);
  });

  it('turns a run without a report into exec-failed quoting stderr', () => {
    const missing = failure(
      run({ stdout: Buffer.alloc(0), exitCode: 127, stderr: 'sh: 1: conntrack: not found\nsh: exec: sh: not found\n' }),
    );
    expect(missing.code).toBe('exec-failed');
    expect(missing.message).toBe(
      'no report from node node-7: the collector exited 127 in pod netcheck-agent-x7k2p; stderr: sh: 1: conntrack: not found | sh: exec: sh: not found',
    );
    expect(missing.hint).toContain('POSIX sh');
    const usage = failure(
      run({ stdout: Buffer.alloc(0), exitCode: 2, stderr: 'netcheck-collector: --interval needs a number\n' }),
    );
    expect(usage.hint).toContain('rejected its arguments');
    const silent = failure(run({ stdout: Buffer.alloc(0), exitCode: null }));
    expect(silent.message).toContain('without an exit status in pod netcheck-agent-x7k2p; no stderr');
    const internal = failure(
      run({ stdout: Buffer.alloc(0), exitCode: null, failure: 'InternalError: container not running' }),
    );
    expect(internal.message).toContain('the exec failed (InternalError: container not running)');
    expect(failure(run({ stdout: Buffer.from('hello\n'), exitCode: 1 })).code).toBe('exec-failed');
  });
});

describe('exitStatusOf', () => {
  it('reads the exit code only from the ExitCode cause', () => {
    expect(exitStatusOf({ status: 'Success' })).toEqual({ exitCode: 0 });
    expect(
      exitStatusOf({
        status: 'Failure',
        message: 'command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3',
        reason: 'NonZeroExitCode',
        details: { causes: [{ reason: 'ExitCode', message: '3' }] },
      }),
    ).toEqual({ exitCode: 3 });
    expect(
      exitStatusOf({
        status: 'Failure',
        message: 'Error executing in Docker Container: 127',
        reason: 'NonZeroExitCode',
      }),
    ).toEqual({
      exitCode: null,
      failure: 'NonZeroExitCode: Error executing in Docker Container: 127',
    });
    expect(exitStatusOf({ status: 'Failure', reason: 'InternalError', message: 'error dialing backend' })).toEqual({
      exitCode: null,
      failure: 'InternalError: error dialing backend',
    });
    expect(
      exitStatusOf({
        status: 'Failure',
        reason: 'NonZeroExitCode',
        details: { causes: [{ reason: 'ExitCode', message: '300' }] },
      }).exitCode,
    ).toBeNull();
  });
});
