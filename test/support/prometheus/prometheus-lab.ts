// A real node_exporter and Prometheus for the cross-check tests: started on free ports (or inside a network
// namespace), scraping every second, stopped with their temporary directories.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { poll } from '../poll.js';
import { type Daemon, freePort, startDaemon, waitForReady } from './daemon.js';
import { type NetnsRelay, startNetnsRelay } from './netns-relay.js';

/** node_exporter with only what the cross-check reads: conntrack (entries, limit, stat_*) and /proc/stat. */
const EXPORTER_FLAGS = ['--collector.disable-defaults', '--collector.conntrack', '--collector.stat'];

export interface NodeExporter {
  /** `127.0.0.1:PORT` on this machine (through a relay for an exporter inside a namespace). */
  address: string;
  stop(): Promise<void>;
}

async function scrapeable(address: string): Promise<boolean> {
  const response = await fetch(`http://${address}/metrics`, { signal: AbortSignal.timeout(2000) });
  return response.ok && (await response.text()).includes('node_nf_conntrack_entries_limit');
}

/** Starts node_exporter on this machine's loopback, or inside `netns` (reading that namespace's conntrack table). */
export async function startNodeExporter(netns?: string): Promise<NodeExporter> {
  if (!netns) {
    const port = await freePort();
    const daemon = startDaemon([
      'prometheus-node-exporter',
      ...EXPORTER_FLAGS,
      `--web.listen-address=127.0.0.1:${port}`,
    ]);
    const address = `127.0.0.1:${port}`;
    await poll(
      () => scrapeable(address),
      10_000,
      () => daemon.output(),
      { intervalMs: 100, ignoreErrors: true },
    ).catch(async (e) => {
      await daemon.stop();
      throw e;
    });
    return { address, stop: () => daemon.stop() };
  }
  // A fresh namespace has every port free.
  const daemon = startDaemon([
    'ip',
    'netns',
    'exec',
    netns,
    'prometheus-node-exporter',
    ...EXPORTER_FLAGS,
    '--web.listen-address=127.0.0.1:9100',
  ]);
  let relay: NetnsRelay | undefined;
  try {
    relay = await startNetnsRelay(netns, 9100);
    const address = relay.address;
    await poll(
      () => scrapeable(address),
      10_000,
      () => daemon.output(),
      { intervalMs: 100, ignoreErrors: true },
    );
  } catch (e) {
    await relay?.close();
    await daemon.stop();
    throw e;
  }
  const r = relay;
  return {
    address: r.address,
    async stop() {
      await daemon.stop();
      await r.close();
    },
  };
}

export interface ScrapeTarget {
  job: string;
  address: string;
  /** The `instance` label; Prometheus uses the address when unset. */
  instance?: string;
  /** Drop every node_nf_conntrack_* series of this target's job (an exporter without the conntrack collector). */
  dropConntrack?: boolean;
}

export interface PrometheusServer {
  url: string;
  /** Prometheus' own output so far (failure messages). */
  output(): string;
  stop(): Promise<void>;
}

export interface PrometheusOptions {
  /** Alerting rule groups (`groups:` of a rule file), evaluated every second. */
  ruleGroups?: readonly unknown[];
  /** Alertmanagers (`127.0.0.1:PORT`) the firing alerts are sent to. */
  alertmanagers?: readonly string[];
}

/**
 * Starts Prometheus on a free loopback port, scraping `targets` and evaluating `ruleGroups` every second, into a temp
 * dir removed by stop().
 */
export async function startPrometheus(
  targets: readonly ScrapeTarget[],
  options: PrometheusOptions = {},
): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), 'netcheck-prometheus-'));
  const jobs = [...new Set(targets.map((t) => t.job))];
  if (options.ruleGroups) writeFileSync(join(dir, 'rules.yml'), JSON.stringify({ groups: options.ruleGroups }));
  const config = {
    global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
    ...(options.ruleGroups ? { rule_files: [join(dir, 'rules.yml')] } : {}),
    ...(options.alertmanagers
      ? { alerting: { alertmanagers: [{ static_configs: [{ targets: [...options.alertmanagers] }] }] } }
      : {}),
    scrape_configs: jobs.map((job) => {
      const mine = targets.filter((t) => t.job === job);
      return {
        job_name: job,
        static_configs: mine.map((t) => ({ targets: [t.address], labels: t.instance ? { instance: t.instance } : {} })),
        ...(mine.some((t) => t.dropConntrack)
          ? { metric_relabel_configs: [{ source_labels: ['__name__'], regex: 'node_nf_conntrack_.*', action: 'drop' }] }
          : {}),
      };
    }),
  };
  // JSON is YAML.
  writeFileSync(join(dir, 'prometheus.yml'), JSON.stringify(config));
  const port = await freePort();
  const daemon: Daemon = startDaemon([
    'prometheus',
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--storage.tsdb.retention.time=2h',
  ]);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await daemon.stop(5000);
    rmSync(dir, { recursive: true, force: true });
  };
  await waitForReady(url, daemon, stop);
  return { url, output: () => daemon.output(), stop };
}
