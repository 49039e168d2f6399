// The collection worker with the Prometheus cross-check and the chart: the real collector runs on this machine
// (exec'd through the fake kube-apiserver's agent pods), a real Prometheus scrapes two real node_exporters every
// second: this machine's as `node-7:9100` (it agrees with the collector), and one reading another machine's /proc
// (another nf_conntrack_max) as `node-8:9100`. The thread gets each node's diagnosis with the cross-check's verdict,
// then the chart as a PNG file rendered from Prometheus's last hour, the report and the raw evidence.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPng } from '../../../src/adapters/chart/render-png.js';
import { createPrometheusClient, type PrometheusClient } from '../../../src/adapters/prometheus/prometheus-client.js';
import { localCollectorExec } from '../../support/exec-handlers.js';
import { poll } from '../../support/poll.js';
import { type Daemon, freePort, prometheusMissing, startDaemon } from '../../support/prometheus/daemon.js';
import {
  type NodeExporter,
  type PrometheusServer,
  startNodeExporter,
  startPrometheus,
} from '../../support/prometheus/prometheus-lab.js';
import { jobIn } from '../../support/queue-helpers.js';
import { redisForFile } from '../../support/redis-for-file.js';
import { startServiceWorld } from '../../support/service-world.js';
import { track } from '../../support/track.js';

const missing = prometheusMissing();
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** The other machine's table, as its /proc says. */
const OTHER = { count: 5000, max: 65_536 };

const localExec = localCollectorExec();

/** node_exporter's conntrack collector over a /proc of another machine (a directory with its files). */
async function startOtherMachineExporter(dir: string): Promise<{ address: string; daemon: Daemon }> {
  mkdirSync(join(dir, 'sys/net/netfilter'), { recursive: true });
  mkdirSync(join(dir, 'net/stat'), { recursive: true });
  writeFileSync(join(dir, 'sys/net/netfilter/nf_conntrack_count'), `${OTHER.count}\n`);
  writeFileSync(join(dir, 'sys/net/netfilter/nf_conntrack_max'), `${OTHER.max}\n`);
  copyFileSync('/proc/net/stat/nf_conntrack', join(dir, 'net/stat/nf_conntrack'));
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const daemon = startDaemon([
    'prometheus-node-exporter',
    '--collector.disable-defaults',
    '--collector.conntrack',
    `--path.procfs=${dir}`,
    `--web.listen-address=${address}`,
  ]);
  await poll(
    async () => (await (await fetch(`http://${address}/metrics`)).text()).includes(`entries_limit ${OTHER.max}`),
    10_000,
    () => daemon.output(),
    { intervalMs: 100, ignoreErrors: true },
  ).catch(async (error) => {
    await daemon.stop();
    throw error;
  });
  return { address, daemon };
}

describe.skipIf(missing)(`collect worker with Prometheus${missing ? ` (skipped: ${missing})` : ''}`, () => {
  const redis = redisForFile();
  let host: NodeExporter | undefined;
  let other: { address: string; daemon: Daemon } | undefined;
  let server: PrometheusServer | undefined;
  let prometheus: PrometheusClient;
  const procDir = mkdtempSync(join(tmpdir(), 'netcheck-other-proc-'));

  beforeAll(async () => {
    [host, other] = await Promise.all([startNodeExporter(), startOtherMachineExporter(procDir)]);
    server = await startPrometheus([
      { job: 'node', address: host.address, instance: 'node-7:9100' },
      { job: 'node', address: other.address, instance: 'node-8:9100' },
    ]);
    prometheus = createPrometheusClient({ url: server.url, timeoutMs: 5000 });
    // A few samples of both, so the chart has a line.
    await poll(
      async () => {
        const range = await prometheus.queryRange('node_nf_conntrack_entries', {
          start: Date.now() / 1000 - 60,
          end: Date.now() / 1000,
          step: 1,
        });
        return range.series.length === 2 && range.series.every((s) => s.points.length >= 3);
      },
      20_000,
      () => 'no conntrack samples of both exporters',
      { intervalMs: 100, ignoreErrors: true },
    );
  }, 40_000);

  afterAll(async () => {
    await server?.stop();
    await Promise.all([host?.stop(), other?.daemon.stop()]);
    rmSync(procDir, { recursive: true, force: true });
  });

  it('posts each diagnosis with the cross-check, then the chart PNG, the report and the evidence', async () => {
    const world = track(await startServiceWorld(redis, { cluster: { exec: localExec, realCollector: true } }));
    const jobs = { 'node-7': await world.request('node-7'), 'node-8': await world.request('node-8') };
    await world.worker({ metrics: prometheus, renderPng: (svg) => renderPng(svg), jobDeadlineMs: 30_000 });
    await Promise.all(Object.values(jobs).map((id) => jobIn(world.parts.collections.collect, id, 'completed', 30_000)));

    const view = world.view();
    for (const node of ['node-7', 'node-8']) {
      const at = view.findIndex((line) => line.startsWith(`${node}: `));
      expect(at).toBeGreaterThan(0);
      // The chart right after the diagnosis, then the full report and the raw evidence.
      expect(view.filter((line) => line.startsWith('file:') && line.includes(`${node}`))).toEqual([
        `file:netcheck-${node}-conntrack.png`,
        `file:netcheck-${node}.txt`,
        `file:netcheck-${node}-raw.txt`,
      ]);
      expect(view.indexOf(`file:netcheck-${node}-conntrack.png`)).toBeGreaterThan(at);
      const chart = world.files().find((f) => f.filename === `netcheck-${node}-conntrack.png`);
      expect(chart?.title).toBe(`${node}: conntrack usage, last hour`);
      expect(chart?.bytes?.subarray(0, 8)).toEqual(PNG_SIGNATURE);
      expect(chart?.bytes?.length).toBeGreaterThan(2000);
      expect(JSON.stringify(world.messages()[at]?.blocks)).toContain(
        'Conntrack usage over the last hour: chart below.',
      );
    }

    // node-7: node_exporter on the same machine agrees with the collector: no Prometheus finding.
    const messageOf = (node: string) => world.messages().find((m) => m.text.startsWith(`${node}: `));
    expect(JSON.stringify(messageOf('node-7')?.blocks)).not.toContain('(Prometheus)');
    // node-8: the series is another machine's; the diagnosis says so, as a warning, with the likely cause.
    // Both collections read this machine, so they share its own findings (a busy test machine may have many
    // TIME_WAIT sockets, say): node-8 has exactly one warning more, the cross-check's.
    const stored = await world.parts.store.get(world.incident.id);
    const warnings = (node: string) => stored?.checks.find((c) => c.node === node)?.counts?.warning ?? -1;
    expect(warnings('node-7')).toBeGreaterThanOrEqual(0);
    expect(warnings('node-8')).toBe(warnings('node-7') + 1);
    const node8 = messageOf('node-8');
    expect(node8?.text).toMatch(new RegExp(`^node-8: .*${warnings('node-8')} warning`));
    const blocks = JSON.stringify(node8?.blocks);
    expect(blocks).toContain('(Prometheus)');
    expect(blocks).toMatch(
      /Prometheus disagrees with node-8 on conntrack: the node read \d+ entries, node_exporter 5000/,
    );
    expect(blocks).toContain(`nf_conntrack_max`);
    const report = world.files().find((f) => f.filename === 'netcheck-node-8.txt');
    expect(report?.bytes?.toString('utf8')).toContain('Prometheus disagrees with node-8');
    // The real collector ran, in full.
    expect(
      world
        .files()
        .find((f) => f.filename === 'netcheck-node-7-raw.txt')
        ?.bytes?.toString('utf8'),
    ).toMatch(/^#netcheck report version=1/);
    expect(stored?.checks.find((c) => c.node === 'node-8')).toMatchObject({ ok: true });
  }, 45_000);
});
