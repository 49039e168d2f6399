// The cross-check against a real Prometheus scraping real node_exporters, every second: one on this machine, one inside
// a lab network namespace holding 400 conntrack entries (reached through a loopback relay), and the host's again
// under another name with its conntrack series dropped. The node's side is the real collector, on this machine and
// inside the namespace.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCollectorLocally } from '../../../src/adapters/local/run-collector-locally.js';
import { createPrometheusClient, type PrometheusClient } from '../../../src/adapters/prometheus/prometheus-client.js';
import { PrometheusError } from '../../../src/adapters/prometheus/prometheus-error.js';
import { crossCheckNode } from '../../../src/app/cross-check-node.js';
import { collectorArgs } from '../../../src/collector/collector-script.js';
import { diagnoseText } from '../../../src/diagnose.js';
import type { Report } from '../../../src/domain/report.js';
import { canBuildLab, createLabHost, destroyLabHosts, type LabHost } from '../../support/lab/lab-host.js';
import { poll } from '../../support/poll.js';
import { prometheusMissing } from '../../support/prometheus/daemon.js';
import {
  type NodeExporter,
  type PrometheusServer,
  startNodeExporter,
  startPrometheus,
} from '../../support/prometheus/prometheus-lab.js';

const missing = prometheusMissing() ?? canBuildLab();
const LAB_ENTRIES = 400;

/** Inserts `n` established TCP entries that live 10 minutes into the lab's table with one `conntrack -R` (no traffic). */
function insertEntries(host: LabHost, n: number, from: number): void {
  const lines = Array.from(
    { length: n },
    (_, i) =>
      `-I -p tcp -s 10.77.0.1 -d 10.77.0.2 --sport ${from + i} --dport 80 --state ESTABLISHED -t 600 -u ASSURED\n`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'netcheck-ct-'));
  try {
    writeFileSync(join(dir, 'entries'), lines.join(''));
    host.run(['conntrack', '-R', join(dir, 'entries')]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function collect(
  shell: string[],
  sections = ['netns', 'conntrack-count', 'conntrack-stats-1', 'conntrack-stats-2'],
) {
  const run = await runCollectorLocally({
    shell,
    args: collectorArgs({ interval: 1, deadline: 30, only: sections }),
    timeoutMs: 40_000,
  });
  expect(run.exitCode).toBe(0);
  return diagnoseText(run.stdout).report;
}

function procMax(): number {
  return Number(readFileSync('/proc/sys/net/netfilter/nf_conntrack_max', 'utf8'));
}

function procCount(): number {
  return Number(readFileSync('/proc/sys/net/netfilter/nf_conntrack_count', 'utf8'));
}

describe.skipIf(missing)(`Prometheus cross-check${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let lab: LabHost;
  let hostExporter: NodeExporter;
  let labExporter: NodeExporter | undefined;
  let server: PrometheusServer | undefined;
  let prometheus: PrometheusClient;
  let hostInstance: string;
  let startupMs = 0;

  beforeAll(async () => {
    lab = createLabHost('prom');
    insertEntries(lab, LAB_ENTRIES, 20_000);
    [hostExporter, labExporter] = await Promise.all([startNodeExporter(), startNodeExporter(lab.name)]);
    hostInstance = hostExporter.address;
    const started = Date.now();
    server = await startPrometheus([
      { job: 'node', address: hostExporter.address },
      { job: 'node', address: labExporter.address, instance: 'lab-node-1:9100' },
      { job: 'node-quiet', address: hostExporter.address, instance: 'quiet-node', dropConntrack: true },
    ]);
    prometheus = createPrometheusClient({ url: server.url, timeoutMs: 5000 });
    await poll(
      async () => {
        const [entries, up] = await Promise.all([
          prometheus.query('node_nf_conntrack_entries'),
          prometheus.query('up{instance="quiet-node"}'),
        ]);
        const lab = entries.series.find((s) => s.labels.instance === 'lab-node-1:9100');
        return entries.series.length === 2 && lab?.points[0]?.[1] === LAB_ENTRIES && up.series.length === 1;
      },
      20_000,
      () => 'no conntrack samples of both exporters',
      { intervalMs: 100, ignoreErrors: true },
    );
    startupMs = Date.now() - started;
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await Promise.all([hostExporter?.stop(), labExporter?.stop()]);
    destroyLabHosts();
  });

  describe('crossCheckNode', () => {
    let hostReport: Report;
    let labReport: Report;

    beforeAll(async () => {
      [hostReport, labReport] = await Promise.all([collect(['sh']), collect(['ip', 'netns', 'exec', lab.name, 'sh'])]);
    }, 60_000);

    it('agrees with node_exporter on this machine (found by its address), /proc as the oracle', async () => {
      const before = procCount();
      const check = await crossCheckNode({
        metrics: prometheus,
        node: 'this-machine',
        addresses: ['127.0.0.1'],
        report: hostReport,
      });
      const after = procCount();
      expect(check.target).toEqual({ instance: hostInstance, job: 'node' });
      expect(check.findings).toEqual([]);
      expect(check.comparison).toMatchObject({ agree: true, stale: false, limitMismatch: false, statMismatches: [] });
      expect(check.comparison!.sampleGapSeconds).toBeLessThan(5);
      const entries = check.series.find((s) => s.metric === 'node_nf_conntrack_entries')!;
      const last = entries.points.at(-1)![1];
      expect(last).toBeGreaterThanOrEqual(Math.min(before, after) - 100);
      expect(last).toBeLessThanOrEqual(Math.max(before, after) + 100);
    });

    it('takes an explicit instance (an alert label) and pins its job', async () => {
      const check = await crossCheckNode({
        metrics: prometheus,
        node: 'alerted',
        instance: hostInstance,
        report: hostReport,
      });
      expect(check.target).toEqual({ instance: hostInstance, job: 'node' });
      expect(check.comparison).toMatchObject({ agree: true });
      const quiet = await crossCheckNode({
        metrics: prometheus,
        node: 'alerted',
        instance: 'quiet-node',
        report: hostReport,
      });
      expect(quiet.findings.map((f) => f.id)).toEqual(['prometheus.no-series']);
    });

    it('agrees inside the lab namespace, found by node name, and keeps the series for the chart', async () => {
      const check = await crossCheckNode({ metrics: prometheus, node: 'lab-node-1', report: labReport });
      expect(check.target).toEqual({ instance: 'lab-node-1:9100', job: 'node' });
      expect(check.findings).toEqual([]);
      expect(check.comparison).toMatchObject({ agree: true, countDifference: 0 });
      expect(check.series.map((s) => s.metric)).toEqual([
        'node_nf_conntrack_entries',
        'node_nf_conntrack_entries_limit',
        'node_nf_conntrack_stat_insert_failed',
        'node_nf_conntrack_stat_drop',
        'node_nf_conntrack_stat_early_drop',
      ]);
      const entries = check.series[0]!;
      expect(entries).toMatchObject({ node: 'lab-node-1', instance: 'lab-node-1:9100' });
      expect(entries.points.at(-1)![1]).toBe(LAB_ENTRIES);
    });

    it('flags a reading from another network namespace as a mismatch, naming the namespace as the cause', async () => {
      const check = await crossCheckNode({
        metrics: prometheus,
        node: 'this-machine',
        addresses: ['127.0.0.1'],
        report: labReport,
      });
      expect(check.findings.map((f) => [f.id, f.severity])).toEqual([['prometheus.conntrack-mismatch', 'warning']]);
      expect(check.comparison).toMatchObject({ agree: false, cause: 'collector-netns' });
      const finding = check.findings[0]!;
      expect(finding.title).toContain(`the node read ${LAB_ENTRIES} entries`);
      expect(finding.evidence.join('\n')).toMatch(/netns=pod/);
      expect(finding.fix).toMatch(/hostNetwork/);
    });

    it('says when the exporter exports no conntrack, and when no target names the node', async () => {
      const quiet = await crossCheckNode({ metrics: prometheus, node: 'quiet-node', report: hostReport });
      expect(quiet.findings.map((f) => [f.id, f.severity])).toEqual([['prometheus.no-series', 'info']]);
      expect(quiet.findings[0]!.title).toMatch(/does not export conntrack/);
      expect(quiet.findings[0]!.evidence[0]).toContain('instance "quiet-node" (job "node-quiet") is scraped, up=1');
      expect(quiet.series).toEqual([]);

      const ghost = await crossCheckNode({
        metrics: prometheus,
        node: 'ghost-node',
        addresses: ['192.0.2.7'],
        report: hostReport,
      });
      expect(ghost.target).toBeUndefined();
      expect(ghost.findings.map((f) => f.id)).toEqual(['prometheus.no-series']);
      expect(ghost.findings[0]!.title).toMatch(/no node_exporter series for ghost-node/);
    });

    it('blames a scrape gap when the exporter stopped before the table changed', async () => {
      await labExporter!.stop();
      labExporter = undefined;
      await poll(
        async () => (await prometheus.query('up{instance="lab-node-1:9100"}')).series[0]?.points[0]?.[1] === 0,
        10_000,
        () => 'the stopped exporter is still up',
        { intervalMs: 100, ignoreErrors: true },
      );
      // The reading comes more than 2 s (the staleness allowed below) after the last sample.
      await new Promise((r) => setTimeout(r, 3000));
      insertEntries(lab, 300, 40_000);
      const report = await collect(['ip', 'netns', 'exec', lab.name, 'sh'], ['conntrack-count']);
      const check = await crossCheckNode({
        metrics: prometheus,
        node: 'lab-node-1',
        report,
        compare: { staleAfterSeconds: 2 },
      });
      expect(check.comparison).toMatchObject({
        agree: false,
        stale: true,
        cause: 'stale-series',
        countDifference: 300,
      });
      expect(check.findings.map((f) => f.id)).toEqual(['prometheus.conntrack-mismatch']);
      expect(check.findings[0]!.evidence.join('\n')).toMatch(/likely cause: a scrape gap/);
    });
  });

  describe('client', () => {
    it('reads an instant vector with its labels, sampled within the last seconds', async () => {
      const now = Date.now() / 1000;
      const result = await prometheus.query(`node_nf_conntrack_entries_limit{instance="${hostInstance}"}`);
      expect(result.resultType).toBe('vector');
      expect(result.series).toHaveLength(1);
      expect(result.series[0]!.labels).toMatchObject({ job: 'node', instance: hostInstance });
      expect(result.series[0]!.points[0]![1]).toBe(procMax());
      expect(Math.abs(result.series[0]!.points[0]![0] - now)).toBeLessThan(10);
      // Start-up to the first samples of both exporters (Prometheus applies discovered targets every 5 s).
      expect(startupMs).toBeLessThan(20_000);
    });

    it('reads a range as a matrix with one point per step, and scalars (NaN included)', async () => {
      const history = `count_over_time(node_nf_conntrack_entries_limit{instance="${hostInstance}"}[10s])`;
      await poll(
        async () => ((await prometheus.query(history)).series[0]?.points[0]?.[1] ?? 0) >= 5,
        10_000,
        () => 'fewer than 5 samples',
        { intervalMs: 100, ignoreErrors: true },
      );
      const end = Math.floor(Date.now() / 1000);
      const range = await prometheus.queryRange(`node_nf_conntrack_entries_limit{instance="${hostInstance}"}`, {
        start: end - 4,
        end,
        step: 1,
      });
      expect(range.resultType).toBe('matrix');
      const points = range.series[0]!.points;
      expect(points.at(-1)).toEqual([end, procMax()]);
      expect(points.length).toBeGreaterThanOrEqual(4);
      for (let i = 1; i < points.length; i++) expect(points[i]![0] - points[i - 1]![0]).toBe(1);
      const scalar = await prometheus.query(`scalar(node_nf_conntrack_entries_limit{instance="${hostInstance}"}) * 2`);
      expect(scalar).toMatchObject({
        resultType: 'scalar',
        series: [{ labels: {}, points: [[expect.any(Number), 2 * procMax()]] }],
      });
      // The lab's exporter is stopped by now: its series is stale, and scalar() of nothing is NaN.
      const nan = await prometheus.query('scalar(node_nf_conntrack_entries{instance="lab-node-1:9100"})');
      expect(nan.series[0]!.points[0]![1]).toBeNaN();
    });

    it("rejects bad PromQL as query-failed with Prometheus's error type", async () => {
      const error = await prometheus.query('sum(node_nf_conntrack_entries').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PrometheusError);
      expect(error).toMatchObject({ code: 'prometheus-query-failed', details: { status: 400, errorType: 'bad_data' } });
      expect((error as PrometheusError).message).toMatch(/unclosed left parenthesis/);
    });

    it('names a wrong path prefix as an HTTP error with a hint about the prefix', async () => {
      const wrong = createPrometheusClient({ url: `${server!.url}/prometheus`, timeoutMs: 5000 });
      const error = await wrong.query('up').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'prometheus-http-error', details: { status: 404 } });
      expect((error as PrometheusError).hint).toMatch(/path prefix/);
    });
  });
});
