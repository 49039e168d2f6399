import { readFileSync } from 'node:fs';
import type { CollectRequest, CollectResult, NodeExecutor } from '../../../src/exec/node-executor.js';

/** A real collector report: `sh src/collector/collector.sh --interval 1` as root on a small VM (bench/README.md). */
export const SAMPLE_REPORT = readFileSync(new URL('../../../bench/sample-report.txt', import.meta.url), 'utf8');

/**
 * The sample report with its second `conntrack -S` sample raised on cpu1 (the samples are 2 s apart): the report
 * of a node whose counters rise. The sentinel's byte count is moved by the bytes the edit added, so the report
 * stays whole.
 */
export function withRisingCounters(report: string, rise: { insertFailed: number; drop: number }): string {
  const [before, after] = report.split('#netcheck section name=conntrack-stats-2 ');
  if (after === undefined) throw new Error('the report has no second conntrack -S sample');
  const raised = after.replace(
    /^(cpu=1\s+found=0 invalid=0 insert=0 )insert_failed=0 drop=0/m,
    `$1insert_failed=${rise.insertFailed} drop=${rise.drop}`,
  );
  if (raised === after) throw new Error('cpu1 counters not found in the second sample');
  const added = Buffer.byteLength(raised) - Buffer.byteLength(after);
  const edited = `${before}#netcheck section name=conntrack-stats-2 ${raised}`;
  return edited.replace(
    /^(#netcheck end .*\bbytes=)(\d+)/m,
    (_, head: string, bytes: string) => `${head}${Number(bytes) + added}`,
  );
}

export interface SimulatedNode {
  /** Milliseconds before the answer. @defaultValue the executor's latency */
  latencyMs?: number;
  report?: string;
  fail?: Error;
  /** Never answers (until aborted, when `honourAbort`). */
  hang?: boolean;
  exitCode?: number | null;
  stderr?: string;
  complete?: boolean;
}

/**
 * A NodeExecutor whose nodes answer after a fixed latency with a given report (the real sample by default): the
 * stand-in for a cluster whose API server and nodes behave exactly as configured. Records what it was asked.
 */
export function simulatedExecutor(options: {
  latencyMs: number;
  nodes?: (node: string) => SimulatedNode;
  honourAbort?: boolean;
}) {
  const calls: CollectRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const aborted: string[] = [];
  const executor: NodeExecutor = {
    mode: 'agent',
    collect(request) {
      calls.push(request);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const node = options.nodes?.(request.node) ?? {};
      return new Promise<CollectResult>((resolve, reject) => {
        let timer: NodeJS.Timeout | undefined;
        const done = () => {
          inFlight--;
        };
        request.signal?.addEventListener('abort', () => {
          aborted.push(request.node);
          if (options.honourAbort) {
            clearTimeout(timer);
            done();
            reject(new Error('aborted'));
          }
        });
        if (node.hang) return;
        timer = setTimeout(() => {
          done();
          if (node.fail) return reject(node.fail);
          const report = node.report ?? SAMPLE_REPORT;
          resolve({
            node: request.node,
            mode: 'agent',
            report,
            stderr: node.stderr ?? '',
            exitCode: node.exitCode === undefined ? 0 : node.exitCode,
            complete: node.complete ?? true,
            durationMs: node.latencyMs ?? options.latencyMs,
          });
        }, node.latencyMs ?? options.latencyMs);
      });
    },
  };
  return {
    executor,
    calls,
    aborted,
    get maxInFlight() {
      return maxInFlight;
    },
  };
}
