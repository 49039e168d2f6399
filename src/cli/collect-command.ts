import { runCollectorLocally } from '../adapters/local/run-collector-locally.js';
import { collectorArgs } from '../collector/collector-script.js';
import { diagnoseText } from '../diagnose.js';
import { type CliIo, UsageError } from './cli-io.js';
import { type PrintOptions, printDiagnosis } from './print-diagnosis.js';

export interface CollectOptions extends PrintOptions {
  local?: boolean;
  interval?: number;
  deadline?: number;
}

/** `netcheck collect --local`: runs the collector on this machine and prints its diagnosis. */
export async function runCollect(nodes: string[], options: CollectOptions, io: CliIo): Promise<number> {
  if (!options.local || nodes.length > 0) {
    throw new UsageError('collecting from cluster nodes is not available in this version: use --local on the node');
  }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    io.stderr.write('netcheck: not running as root: conntrack, iptables and nft sections will be incomplete\n');
  }
  const args = collectorArgs({ interval: options.interval, deadline: options.deadline });
  const result = await runCollectorLocally({ args, timeoutMs: ((options.deadline ?? 60) + 30) * 1000 });
  if (result.exitCode !== 0 && result.stdout === '') {
    io.stderr.write(`netcheck: the collector failed (exit ${result.exitCode}): ${result.stderr.trim()}\n`);
    return 1;
  }
  const diagnosis = diagnoseText(result.stdout);
  return printDiagnosis(diagnosis, options, io);
}
