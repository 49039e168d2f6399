// The collector's Cilium sections on this machine, with the Cilium CLI and the agent's metrics port as PATH shims:
// the CLI's status and filtered metrics when it is there, the metrics port when only an agent process runs, and a
// skipped section saying why when there is no agent.
import { type ChildProcess, spawn } from 'node:child_process';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diagnoseText } from '../../src/diagnose.js';
import { removeTempDirs, runCollector, section, shimDir, tempDir, wellFormed, which } from './collector-helpers.js';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  removeTempDirs();
});

const withShims = (dir: string) => `${dir}${delimiter}${process.env.PATH ?? ''}`;
const ONLY = ['--only', 'cilium-status,cilium-metrics', '--interval', '0'];

// Status lines: https://github.com/cilium/cilium/issues/15337 (the CI agent's `cilium status --verbose`).
const STATUS = [
  'KubeProxyReplacement:   Disabled   ',
  'Cilium:                 Ok   1.9.90 (v.1.9.90-r.91f9170)',
  'Masquerading:           IPTables [IPv4: Enabled, IPv6: Enabled]',
  'Controller Status:      19/20 healthy',
  '  Name                                   Last success   Last error   Count   Message',
  '  bpf-map-sync-cilium_lxc                7s ago         never        0       no error',
  '  bpf-map-sync-cilium_snat_v4_external   never          5s ago       3       Unable to get object /sys/fs/bpf/tc/globals/cilium_snat_v4_external: no such file or directory',
];
// `cilium metrics list` rows: https://github.com/cilium/cilium/issues/8077 (the drop row) and
// https://github.com/cilium/cilium/pull/5231 (the others, from `cilium metrics dump`).
const METRICS = [
  'Metric                                              Labels                                                Value',
  'cilium_controllers_failing                                                                                0.000000',
  'cilium_drop_count_total                               direction="EGRESS" reason="14"                                                            183.000000',
  'cilium_endpoint_count                                                                                     2.000000',
  'cilium_endpoint_regenerations                       outcome="success"                                     2.000000',
];
// The agent's Prometheus text: https://github.com/cilium/cilium/issues/18692 (comment by sayboras).
const EXPOSITION = [
  'cilium_datapath_conntrack_gc_entries{family="ipv4",protocol="non-TCP",status="deleted"} 0',
  'cilium_datapath_conntrack_gc_runs_total{family="ipv4",protocol="TCP",status="completed"} 3',
];

function printer(lines: string[]): string {
  return `cat <<'EOF'\n${lines.join('\n')}\nEOF\n`;
}

describe('collector Cilium sections', () => {
  it('runs the Cilium CLI on PATH: the whole status, and only the drop, map and health series of the metrics', async () => {
    const calls = tempDir('calls');
    const bin = shimDir({
      'cilium-dbg': `#!/bin/sh\necho "$*" >>${join(calls, 'args')}\ncase "$1" in\n  status) ${printer(STATUS)}  ;;\n  metrics) ${printer(METRICS)}  ;;\n  *) exit 1 ;;\nesac\n`,
    });
    const run = await runCollector({ path: withShims(bin), args: ONLY, env: { TMPDIR: tempDir('tmp') } });
    expect(run.exitCode, run.stderr).toBe(0);
    const report = wellFormed(run.stdoutBuffer);
    const status = section(report, 'cilium-status');
    expect(status).toMatchObject({ kind: 'cilium-status', status: 'ok', cmd: 'cilium-dbg status --verbose' });
    expect(status.body).toBe(`${STATUS.join('\n')}\n`);
    const metrics = section(report, 'cilium-metrics');
    expect(metrics).toMatchObject({ kind: 'cilium-metrics', status: 'ok' });
    expect(metrics.body.split('\n').filter(Boolean)).toEqual([METRICS[0], METRICS[1], METRICS[2]]);

    const diagnosis = diagnoseText(run.stdoutBuffer.toString('utf8'));
    expect(diagnosis.report.detected).toEqual(['cilium-status', 'cilium-metrics']);
    const ids = diagnosis.findings.map((f) => `${f.id}:${f.severity}`);
    expect(ids).toContain('cilium.controllers-failing:warning');
    expect(ids).toContain('cilium.drops:warning');
    expect(diagnosis.findings.find((f) => f.id === 'cilium.drops')?.evidence.join('\n')).toContain(
      'unknown drop reason code 14',
    );
  });

  it('without an agent or a CLI, skips both sections and says why', async () => {
    const run = await runCollector({ args: ONLY, env: { TMPDIR: tempDir('tmp') } });
    expect(run.exitCode, run.stderr).toBe(0);
    const report = wellFormed(run.stdoutBuffer);
    for (const name of ['cilium-status', 'cilium-metrics']) {
      const s = section(report, name);
      expect(s.status).toBe('skipped');
      expect(s.body).toBe('no cilium-agent process on this node and no cilium-dbg on PATH\n');
    }
  });

  it.skipIf(!which('sleep'))(
    'with a cilium-agent process but no CLI, reads the metrics port and names the agent in the skipped status',
    async () => {
      const agent = shimDir({ 'cilium-agent': `->${which('sleep')}` });
      const child = spawn(join(agent, 'cilium-agent'), ['60'], { stdio: 'ignore' });
      children.push(child);
      const curl = shimDir({
        curl: `#!/bin/sh\ncase "$*" in *127.0.0.1:9962/metrics*) ${printer(EXPOSITION)} ;; *) exit 7 ;; esac\n`,
      });
      const run = await runCollector({ path: withShims(curl), args: ONLY, env: { TMPDIR: tempDir('tmp') } });
      child.kill('SIGKILL');
      expect(run.exitCode, run.stderr).toBe(0);
      const report = wellFormed(run.stdoutBuffer);
      const status = section(report, 'cilium-status');
      expect(status.status).toBe('skipped');
      expect(status.body).toMatch(/^cilium-agent runs \(pid \d+\) but no Cilium CLI was found/);
      const metrics = section(report, 'cilium-metrics');
      expect(metrics.status).toBe('ok');
      expect(metrics.cmd).toContain('http://127.0.0.1:9962/metrics');
      expect(metrics.body).toBe(`${EXPOSITION[0]}\n`);
    },
  );
});
