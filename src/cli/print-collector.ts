// `netcheck collector`: prints the node collection script netcheck ships, to run by hand (e.g. over SSH).
import { readCollectorScript } from '../collector/collector-script.js';
import type { CliIo } from './cli-io.js';

/** `netcheck collector`: prints the collection script, e.g. for `netcheck collector | ssh node sudo sh > report.txt`. */
export function printCollector(io: CliIo): number {
  io.stdout.write(readCollectorScript());
  return 0;
}
