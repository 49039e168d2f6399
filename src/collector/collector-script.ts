// The node collector script (collector.sh) and the argv that configures it. The script is run as
// `sh -c "$SCRIPT" netcheck-collector ...collectorArgs(options)`; the report format is docs/report-format.md.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The name the script runs under (`$0` of `sh -c "$SCRIPT" netcheck-collector ...`). */
export const COLLECTOR_SCRIPT_NAME = 'netcheck-collector';

/** Absolute path of collector.sh next to this module (src/collector/ in development, dist/collector/ when built). */
export function collectorScriptPath(): string {
  return fileURLToPath(new URL('./collector.sh', import.meta.url));
}

/** The collector script text, to pass as one argv element after `sh -c`. */
export function readCollectorScript(): string {
  return readFileSync(collectorScriptPath(), 'utf8');
}

/** The SHA-256 of a script's bytes, as `sha256sum` prints it (lowercase hex): how an agent's baked copy is checked. */
export function collectorSha256(script: string): string {
  return createHash('sha256').update(script, 'utf8').digest('hex');
}

type CollectorOptions = {
  /** Seconds between the two conntrack counter samples, 0–300. @defaultValue 5 (the script's default) */
  interval?: number;
  /** Deadline of the whole script in seconds, 1–3600; later sections are skipped. @defaultValue 60 */
  deadline?: number;
  /** Timeout of each command in seconds, 1–600. @defaultValue 10 */
  sectionTimeout?: number;
  /** Name looked up by the dns-cluster section. @defaultValue kubernetes.default.svc.cluster.local */
  clusterName?: string;
  /** Name looked up by the dns-external section. @defaultValue example.com */
  externalName?: string;
  /** Run only these sections (names as in the report, e.g. `conntrack-stats-1`). */
  only?: readonly string[];
  /** Leave these sections out. */
  skip?: readonly string[];
};

const DNS_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
const SECTION_NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;

function seconds(name: string, value: number, min: number, max: number): string {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be a whole number of seconds from ${min} to ${max}, got ${String(value)}`);
  }
  return String(value);
}

function dnsName(name: string, value: string): string {
  const labels = (value.endsWith('.') ? value.slice(0, -1) : value).split('.');
  if (value.length === 0 || value.length > 253 || !labels.every((label) => DNS_LABEL.test(label))) {
    throw new RangeError(`${name} must be a DNS name, got ${JSON.stringify(value)}`);
  }
  return value;
}

function sectionList(name: string, values: readonly string[]): string {
  if (values.length === 0 || !values.every((value) => SECTION_NAME.test(value))) {
    throw new RangeError(`${name} must list section names such as conntrack-stats-1, got ${JSON.stringify(values)}`);
  }
  return values.join(',');
}

/** Validates the options and returns the collector's argv (only the options that are set). Throws a RangeError. */
export function collectorArgs(options: CollectorOptions): string[] {
  const args: string[] = [];
  if (options.interval !== undefined) args.push('--interval', seconds('interval', options.interval, 0, 300));
  if (options.deadline !== undefined) args.push('--deadline', seconds('deadline', options.deadline, 1, 3600));
  if (options.sectionTimeout !== undefined) {
    args.push('--section-timeout', seconds('sectionTimeout', options.sectionTimeout, 1, 600));
  }
  if (options.interval !== undefined && options.deadline !== undefined && options.interval >= options.deadline) {
    throw new RangeError(`interval (${options.interval}s) must be shorter than deadline (${options.deadline}s)`);
  }
  if (options.clusterName !== undefined) args.push('--cluster-name', dnsName('clusterName', options.clusterName));
  if (options.externalName !== undefined) args.push('--external-name', dnsName('externalName', options.externalName));
  if (options.only !== undefined) args.push('--only', sectionList('only', options.only));
  if (options.skip !== undefined) args.push('--skip', sectionList('skip', options.skip));
  return args;
}
