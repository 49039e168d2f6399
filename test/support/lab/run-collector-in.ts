// Runs the real collector inside a lab host's network namespace and diagnoses what it printed.
import { spawnSync } from 'node:child_process';
import { collectorArgs, readCollectorScript } from '../../../src/collector/collector-script.js';
import { type Diagnosis, diagnoseText } from '../../../src/diagnose.js';
import type { LabHost } from './lab-host.js';

export interface LabRun extends Diagnosis {
  output: string;
}

/** Runs the real collector inside a lab host's network namespace and diagnoses its report. */
export function runCollectorIn(host: LabHost, options: { interval?: number } = {}): LabRun {
  const args = collectorArgs({ interval: options.interval ?? 1, deadline: 60 });
  const result = spawnSync(
    'ip',
    ['netns', 'exec', host.name, 'sh', '-c', readCollectorScript(), 'netcheck-collector', ...args],
    {
      encoding: 'utf8',
      maxBuffer: 8 * 1024 * 1024,
      timeout: 90_000,
    },
  );
  if (result.error) throw result.error;
  return { output: result.stdout, ...diagnoseText(result.stdout) };
}

export function ids(run: Diagnosis, severity?: string): string[] {
  return run.findings.filter((f) => !severity || f.severity === severity).map((f) => f.id);
}
