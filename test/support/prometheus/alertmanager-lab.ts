// A real Alertmanager (Debian prometheus-alertmanager) for tests: its own data dir, a free loopback port, gossip off,
// every alert routed to one webhook receiver with bearer credentials, grouped after one second.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Daemon, freePort, startDaemon, waitForReady } from './daemon.js';

export interface AlertmanagerServer {
  /** `127.0.0.1:PORT`, as Prometheus' `alerting` section names it. */
  address: string;
  url: string;
  /** Alertmanager's own output so far (failure messages). */
  output(): string;
  stop(): Promise<void>;
}

export interface WebhookReceiver {
  /** The receiver's URL, e.g. netcheck's `http://127.0.0.1:PORT/alertmanager`. */
  url: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token: string;
  /** @defaultValue ['alertname', 'instance'] */
  groupBy?: readonly string[];
}

export async function startAlertmanager(receiver: WebhookReceiver): Promise<AlertmanagerServer> {
  const dir = mkdtempSync(join(tmpdir(), 'netcheck-alertmanager-'));
  const config = {
    route: {
      receiver: 'netcheck',
      group_by: [...(receiver.groupBy ?? ['alertname', 'instance'])],
      group_wait: '1s',
      group_interval: '5m',
      repeat_interval: '4h',
    },
    receivers: [
      {
        name: 'netcheck',
        webhook_configs: [
          {
            url: receiver.url,
            send_resolved: true,
            http_config: { authorization: { type: 'Bearer', credentials: receiver.token } },
          },
        ],
      },
    ],
  };
  // JSON is YAML.
  writeFileSync(join(dir, 'alertmanager.yml'), JSON.stringify(config));
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const daemon: Daemon = startDaemon([
    'prometheus-alertmanager',
    `--config.file=${join(dir, 'alertmanager.yml')}`,
    `--storage.path=${join(dir, 'data')}`,
    `--web.listen-address=${address}`,
    // No cluster: an empty listen address turns gossip off (and the peer-settle wait before the first notification).
    '--cluster.listen-address=',
    '--log.level=debug',
  ]);
  const url = `http://${address}`;
  const stop = async () => {
    await daemon.stop(5000);
    rmSync(dir, { recursive: true, force: true });
  };
  await waitForReady(url, daemon, stop);
  return { address, url, output: () => daemon.output(), stop };
}
