// The collector as an exec command (argv only: `sh -c SCRIPT netcheck-collector ARGS`) and the client-side limits
// that go with one collection, shared by the agent and debug-pod executors.
import { COLLECTOR_SCRIPT_NAME, collectorArgs, readCollectorScript } from '../../collector/collector-script.js';
import type { CollectRequest } from '../../exec/node-executor.js';

export interface ExecTuning {
  /** Seconds the client waits beyond the collector's own deadline. @defaultValue 15 */
  graceSeconds?: number;
  /** Milliseconds without a frame before the stream counts as stalled. @defaultValue max(30 s, interval + 20 s) */
  stallMs?: number;
  /** @defaultValue 15000 */
  handshakeTimeoutMs?: number;
  /** @defaultValue 8 MiB */
  maxOutputBytes?: number;
  /** Script text. @defaultValue readCollectorScript() */
  script?: string;
}

export interface CollectorCommand {
  command: string[];
  /** The client deadline of the whole exec. */
  deadlineMs: number;
  stallMs: number;
}

/**
 * Throws a RangeError for an interval or deadline the collector would refuse. The collector prints each section
 * once it ends, so the longest silence is the sleep between the two counter samples plus one command's timeout
 * (10 s): the stall timer allows that and a margin.
 */
export function collectorCommand(request: CollectRequest, tuning: ExecTuning): CollectorCommand {
  const deadline = request.deadlineSeconds ?? 60;
  const args = collectorArgs({ interval: request.interval, deadline });
  const script = tuning.script ?? readCollectorScript();
  return {
    command: ['sh', '-c', script, COLLECTOR_SCRIPT_NAME, ...args],
    deadlineMs: (deadline + (tuning.graceSeconds ?? 15)) * 1000,
    stallMs: tuning.stallMs ?? Math.max(30_000, ((request.interval ?? 5) + 20) * 1000),
  };
}
