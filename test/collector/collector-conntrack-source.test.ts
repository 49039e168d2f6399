// Where the conntrack count came from, as the collector reports it and as the findings quote it: the real collector
// reads /proc/sys files that a private mount namespace replaces (modern nf_conntrack_*, legacy ip_conntrack_*, mixed).
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { diagnoseText } from '../../src/diagnose.js';
import type { ConntrackCountValue } from '../../src/parse/conntrack/conntrack-count.js';
import { bodyKeyValues, removeTempDirs, runCollector, section, wellFormed, which } from './collector-helpers.js';

afterAll(removeTempDirs);

const UNSHARE = which('unshare');

/** Why /proc/sys cannot be replaced in a private mount namespace here, or '' when it can. */
function unavailable(): string {
  if (!UNSHARE) return 'unshare (util-linux) not installed';
  if (process.getuid?.() !== 0) return 'needs root to mount in a private mount namespace';
  const probe = spawnSync(UNSHARE, ['-m', 'sh', '-c', 'mount -t tmpfs probe /proc/sys/net/netfilter'], {
    encoding: 'utf8',
  });
  return probe.status === 0 ? '' : `cannot mount over /proc/sys/net/netfilter: ${probe.stderr.trim()}`;
}

const why = unavailable();

/**
 * Runs the collector's conntrack-count section with these files in place of the kernel's: `modern` replaces
 * /proc/sys/net/netfilter, `legacy` becomes /proc/sys/net/ipv4/netfilter (both only in the collector's own mount
 * namespace).
 */
async function collectWith(files: { modern?: Record<string, number>; legacy?: Record<string, number> }) {
  const writes = (dir: string, values: Record<string, number> = {}) =>
    Object.entries(values).map(([name, value]) => `echo ${value} > ${dir}/${name}`);
  const setup = [
    'set -e',
    ...(files.modern ? ['mount -t tmpfs modern /proc/sys/net/netfilter'] : []),
    ...writes('/proc/sys/net/netfilter', files.modern),
    ...(files.legacy ? ['mount -t tmpfs ipv4 /proc/sys/net/ipv4', 'mkdir /proc/sys/net/ipv4/netfilter'] : []),
    ...writes('/proc/sys/net/ipv4/netfilter', files.legacy),
    'exec sh "$@"',
  ].join('\n');
  const run = await runCollector({
    shell: [UNSHARE ?? 'unshare', '-m', 'sh', '-c', setup, 'mount-setup'],
    args: ['--interval', '0', '--only', 'conntrack-count'],
  });
  expect(run.exitCode, run.stderr).toBe(0);
  const report = wellFormed(run.stdoutBuffer);
  const values = bodyKeyValues(section(report, 'conntrack-count').body);
  const diagnosis = diagnoseText(run.stdout);
  const item = diagnosis.report.items.find((i) => i.kind === 'conntrack-count');
  const evidence = diagnosis.findings.find((f) => f.id === 'conntrack.table-pressure')?.evidence.join('\n') ?? '';
  return { values, via: (item?.value as ConntrackCountValue | undefined)?.via, evidence };
}

describe.skipIf(why)(`the conntrack count's source${why ? ` (skipped: ${why})` : ''}`, () => {
  it('says /proc/sys/net/netfilter for the modern files, not the legacy path the section header mentions', async () => {
    const { values, via, evidence } = await collectWith({
      modern: { nf_conntrack_count: 95, nf_conntrack_max: 100, nf_conntrack_buckets: 64 },
    });
    expect(values).toMatchObject({ nf_conntrack_count: '95', source: 'proc-netfilter' });
    expect(via).toEqual(['/proc/sys/net/netfilter']);
    expect(evidence).toContain('count from /proc/sys/net/netfilter, max from /proc/sys/net/netfilter');
    expect(evidence).not.toContain('legacy');
  });

  it('names the count source first when only the buckets come from the legacy files', async () => {
    const { values, via, evidence } = await collectWith({
      modern: { nf_conntrack_count: 95, nf_conntrack_max: 100 },
      legacy: { ip_conntrack_buckets: 64 },
    });
    expect(values).toMatchObject({
      nf_conntrack_count: '95',
      nf_conntrack_buckets: '64',
      source: 'proc-netfilter,legacy-ip-conntrack',
    });
    expect(via?.[0]).toBe('/proc/sys/net/netfilter');
    expect(evidence).toContain('count from /proc/sys/net/netfilter');
  });

  it('says legacy when the count really was read from ip_conntrack_count', async () => {
    const { values, via, evidence } = await collectWith({
      modern: {},
      legacy: { ip_conntrack_count: 95, ip_conntrack_max: 100, ip_conntrack_buckets: 64 },
    });
    expect(values).toMatchObject({ nf_conntrack_count: '95', source: 'legacy-ip-conntrack' });
    expect(via).toEqual(['legacy /proc path']);
    expect(evidence).toContain('count from legacy /proc path');
  });
});
