// The local mode of the NodeExecutor port: the collector on this machine (`netcheck collect --local`, the test lab),
// with the same outcome rules as the Kubernetes modes (incomplete reports flagged, no report = exec-failed).
import { hostname } from 'node:os';
import { collectorArgs } from '../../collector/collector-script.js';
import { collectOutcome } from '../../exec/collect-outcome.js';
import { NodeExecError } from '../../exec/node-exec-error.js';
import type { CollectRequest, CollectResult, NodeExecutor } from '../../exec/node-executor.js';
import { runCollectorLocally } from './run-collector-locally.js';

export interface LocalExecutorOptions {
  /** Command before `-c SCRIPT`, e.g. `['ip', 'netns', 'exec', 'lab', 'sh']`. @defaultValue ['sh'] */
  shell?: readonly string[];
  /** Seconds the client waits beyond the collector's own deadline. @defaultValue 15 */
  graceSeconds?: number;
  /** @defaultValue 8 MiB */
  maxOutputBytes?: number;
  /** Script text. @defaultValue readCollectorScript() */
  script?: string;
}

export function createLocalExecutor(options: LocalExecutorOptions = {}): NodeExecutor {
  return {
    mode: 'local',
    async collect(request: CollectRequest): Promise<CollectResult> {
      const started = Date.now();
      const deadline = request.deadlineSeconds ?? 60;
      const args = collectorArgs({ interval: request.interval, deadline });
      const timeoutMs = (deadline + (options.graceSeconds ?? 15)) * 1000;
      if (request.signal?.aborted) {
        throw new NodeExecError(
          'timeout',
          'the local collection was cancelled',
          'Nothing to do: the caller stopped waiting.',
        );
      }
      let run: Awaited<ReturnType<typeof runCollectorLocally>>;
      try {
        run = await runCollectorLocally({
          args,
          script: options.script,
          shell: options.shell,
          timeoutMs,
          maxOutputBytes: options.maxOutputBytes ?? 8 * 1024 * 1024,
        });
      } catch (error) {
        throw new NodeExecError(
          'exec-failed',
          `cannot start the collector on this machine: ${(error as Error).message}`,
          'Install a POSIX sh (and, for --shell, the command it names) on this machine.',
          { cause: error },
        );
      }
      if (run.timedOut) {
        throw new NodeExecError(
          'timeout',
          `the collector did not finish within ${Math.round(timeoutMs / 1000)}s on this machine (${run.stdoutBuffer.length} bytes of report)`,
          'A command hung past its own timeout: raise --deadline, or run the sections one by one with --only.',
        );
      }
      return collectOutcome({
        node: request.node || hostname(),
        mode: 'local',
        where: 'this machine',
        stdout: run.stdoutBuffer,
        stderr: run.stderr,
        exitCode: run.exitCode,
        outputTruncated: run.outputTruncated,
        durationMs: Date.now() - started,
      });
    },
  };
}
