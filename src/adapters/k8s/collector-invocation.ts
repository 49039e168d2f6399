// What one collection asks of the collector (its argv, validated) and the client-side limits that go with it,
// shared by the agent and debug-pod executors; how the script itself reaches the pod is collector-launch.ts.
import { collectorArgs, readCollectorScript } from '../../collector/collector-script.js';
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
  /** The collector script this netcheck ships. @defaultValue readCollectorScript() */
  script?: string;
}

export interface CollectorInvocation {
  /** The script to run. */
  script: string;
  /** The collector's own arguments (`--interval`, `--deadline`). */
  args: string[];
  /** The client deadline of the whole exec. */
  deadlineMs: number;
  stallMs: number;
}

/**
 * Throws a RangeError for an interval or deadline the collector would refuse. The collector prints each section
 * once it ends, so the longest silence is the sleep between the two counter samples plus one command's timeout
 * (10 s): the stall timer allows that and a margin.
 */
export function collectorInvocation(request: CollectRequest, tuning: ExecTuning): CollectorInvocation {
  const deadline = request.deadlineSeconds ?? 60;
  return {
    script: tuning.script ?? readCollectorScript(),
    args: collectorArgs({ interval: request.interval, deadline }),
    deadlineMs: (deadline + (tuning.graceSeconds ?? 15)) * 1000,
    stallMs: tuning.stallMs ?? Math.max(30_000, ((request.interval ?? 5) + 20) * 1000),
  };
}
