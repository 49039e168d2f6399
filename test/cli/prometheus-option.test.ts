// `netcheck collect --local --prometheus URL` (or PROMETHEUS_URL): the node's reading cross-checked with a real
// Prometheus scraping a real node_exporter on this machine, and a Prometheus that cannot be reached.
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poll } from '../support/poll.js';
import { freePort, prometheusMissing } from '../support/prometheus/daemon.js';
import {
  type NodeExporter,
  type PrometheusServer,
  startNodeExporter,
  startPrometheus,
} from '../support/prometheus/prometheus-lab.js';
import { runInProcess } from './run-cli.js';

const notRoot = process.getuid?.() === 0 ? undefined : 'collect --local needs root';

const netcheck = (args: string[], env: NodeJS.ProcessEnv = {}) => runInProcess(args, env);

const ids = (stdout: string) => (JSON.parse(stdout) as { findings: { id: string }[] }).findings.map((f) => f.id);

describe.skipIf(notRoot)(`collect --prometheus${notRoot ? ` (skipped: ${notRoot})` : ''}`, () => {
  it('goes on without the cross-check when Prometheus cannot be reached, saying why', async () => {
    const port = await freePort();
    const run = await netcheck(['collect', '--local', '--interval', '1', '--json'], {
      PROMETHEUS_URL: `http://127.0.0.1:${port}`,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Prometheus cross-check skipped/);
    expect(ids(run.stdout)).toContain('report.sections-unavailable');
    expect(ids(run.stdout).filter((id) => id.startsWith('prometheus.'))).toEqual([]);
  });

  const missing = prometheusMissing();
  describe.skipIf(missing)(`with a real Prometheus${missing ? ` (skipped: ${missing})` : ''}`, () => {
    let exporter: NodeExporter | undefined;
    let server: PrometheusServer | undefined;

    beforeAll(async () => {
      exporter = await startNodeExporter();
      // The target is labelled with this machine's name, as a cluster's node_exporter targets carry the node name.
      server = await startPrometheus([{ job: 'node', address: exporter.address, instance: hostname() }]);
      const url = server.url;
      await poll(
        async () => {
          const res = await fetch(`${url}/api/v1/query?query=node_nf_conntrack_entries_limit`);
          const body = (await res.json()) as { data?: { result?: unknown[] } };
          return (body.data?.result?.length ?? 0) > 0;
        },
        20_000,
        () => 'no conntrack samples from node_exporter',
        { intervalMs: 100, ignoreErrors: true },
      );
    }, 60_000);

    afterAll(async () => {
      await server?.stop();
      await exporter?.stop();
    });

    it('agrees with node_exporter for this machine: no mismatch, no missing series', async () => {
      const run = await netcheck(['collect', '--local', '--interval', '1', '--json', '--prometheus', server!.url]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).not.toMatch(/cross-check skipped/);
      const prom = ids(run.stdout).filter((id) => id.startsWith('prometheus.'));
      expect(prom).toEqual([]);
    });

    it('reports a node Prometheus has no series for', async () => {
      await server!.stop();
      server = await startPrometheus([{ job: 'node', address: exporter!.address, instance: 'another-node' }]);
      const run = await netcheck(['collect', '--local', '--interval', '1', '--json', '--prometheus', server.url]);
      expect(run.code, run.stderr).toBe(0);
      expect(ids(run.stdout)).toContain('prometheus.no-series');
    });
  });
});
