// The bot as an operator runs it: `netcheck serve` as a real process, a real Redis, the fake Slack Web API, the fake
// kube-apiserver with the real collector behind its exec (a lab network namespace as node-7), and Alertmanager's
// webhook deliveries and Slack's signed requests over real HTTP.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, builtCliExists, cleanEnv } from '../cli/run-cli.js';
import { cleanUpClusters, cluster, clusterHome, kubeconfigFor } from '../support/cluster-cli.js';
import { labCollectorExec } from '../support/exec-handlers.js';
import { type FakeMessage, type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { freePort } from '../support/free-port.js';
import { makeNode } from '../support/kube-objects.js';
import { kubeProxyRules } from '../support/lab/kube-proxy-rules.js';
import { canBuildLab, createLabHost, destroyLabHosts } from '../support/lab/lab-host.js';
import { redisForFile } from '../support/redis-for-file.js';
import { sendSlashCommand } from '../support/slack-request.js';

const SIGNING_SECRET = 'e2e-signing-secret-0123456789';
const AM_TOKEN = 'e2e-alertmanager-token-abcdef';
const CHANNEL = 'C0INCIDENTS';
const GROUP_KEY =
  '{}/{alertname=~"^(?:NodeHighNumberConntrackEntriesUsed)$"}:{alertname="NodeHighNumberConntrackEntriesUsed", instance="node-7"}';

/** Polls the bot's /healthz until it answers 200 (or gives up with the bot's output). */
async function untilHealthy(url: string, output: () => string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const answer = await fetch(url).catch(() => undefined);
    if (answer?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`netcheck serve did not become healthy:\n${output()}`);
}

/** A webhook delivery as Alertmanager 0.27 sends it for kube-prometheus' conntrack alert (payload version 4). */
function delivery(status: 'firing' | 'resolved') {
  const labels = {
    alertname: 'NodeHighNumberConntrackEntriesUsed',
    container: 'kube-rbac-proxy',
    endpoint: 'https',
    instance: 'node-7',
    job: 'node-exporter',
    namespace: 'monitoring',
    pod: 'node-exporter-7xk2p',
    prometheus: 'monitoring/k8s',
    service: 'node-exporter',
    severity: 'warning',
  };
  const annotations = {
    description: '78.5% of conntrack entries are used. <!channel> please look',
    runbook_url: 'https://runbooks.prometheus-operator.dev/runbooks/node/nodehighnumberconntrackentriesused',
    summary: 'Number of conntrack are getting close to the limit.',
  };
  return {
    receiver: 'netcheck',
    status,
    alerts: [
      {
        status,
        labels,
        annotations,
        startsAt: '2026-11-23T20:01:07.443Z',
        endsAt: status === 'firing' ? '0001-01-01T00:00:00Z' : '2026-11-23T20:31:37.443Z',
        generatorURL:
          'http://prometheus-k8s-0:9090/graph?g0.expr=%28node_nf_conntrack_entries+%2F+node_nf_conntrack_entries_limit%29+%3E+0.75',
        fingerprint: '5c1d0b4a8f3e2d71',
      },
    ],
    groupLabels: { alertname: 'NodeHighNumberConntrackEntriesUsed', instance: 'node-7' },
    commonLabels: labels,
    commonAnnotations: annotations,
    externalURL: 'http://alertmanager-main-0:9093',
    version: '4',
    groupKey: GROUP_KEY,
    truncatedAlerts: 0,
  };
}

const noLab = canBuildLab() ?? (builtCliExists() ? undefined : 'dist/ is not built (npm run build)');

describe.skipIf(noLab)(`netcheck serve end to end${noLab ? ` (skipped: ${noLab})` : ''}`, () => {
  const redis = redisForFile();
  let slack: FakeSlack;
  let bot: ChildProcess;
  let base: string;
  let output = '';

  beforeAll(async () => {
    const node7 = createLabHost('e2e');
    node7.run(
      ['iptables-restore'],
      kubeProxyRules({
        randomFully: false,
        noEndpoints: { clusterIp: '10.96.45.3', port: 80, service: 'shop/cart:http' },
      }),
    );
    const api = await cluster([makeNode('node-7'), makeNode('node-8')]);
    api.exec = labCollectorExec((node) => (node === 'node-7' ? node7.name : undefined));
    slack = await startFakeSlack();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    bot = spawn(process.execPath, [BIN, 'serve'], {
      env: cleanEnv({
        HOME: clusterHome(),
        KUBECONFIG: kubeconfigFor(api),
        SLACK_BOT_TOKEN: slack.token,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        REDIS_URL: redis.url,
        NETCHECK_REDIS_PREFIX: `e2e${process.pid}`,
        PORT: String(port),
        ALERTMANAGER_TOKEN: AM_TOKEN,
        NETCHECK_CHANNEL: CHANNEL,
        NETCHECK_CLUSTER: 'lab',
        NETCHECK_NAMESPACE: 'netcheck',
        NETCHECK_INTERVAL: '1',
        NETCHECK_JOB_DEADLINE: '60',
        LOG_LEVEL: 'debug',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    bot.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    bot.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    await untilHealthy(`${base}/healthz`, () => output);
  }, 60_000);

  afterAll(async () => {
    if (bot && bot.exitCode === null) {
      bot.kill('SIGKILL');
      await once(bot, 'exit');
    }
    await slack?.close();
    destroyLabHosts();
    await cleanUpClusters();
  });

  const deliver = (status: 'firing' | 'resolved', token = AM_TOKEN) =>
    fetch(`${base}/alertmanager`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(delivery(status)),
    });
  const root = () => slack.messages(CHANNEL).find((m) => m.text.includes('node-7'));
  const replies = () => {
    const r = root();
    return r ? slack.thread(CHANNEL, r.ts) : [];
  };
  const textOf = (m: FakeMessage) => `${m.text}\n${JSON.stringify(m.blocks ?? [])}`;

  it('turns a firing conntrack alert into one root message and a thread with the node findings', async () => {
    expect((await deliver('firing', 'wrong-token')).status).toBe(401);
    const first = await deliver('firing');
    expect(first.status).toBe(200);

    await slack.waitFor(() => replies().some((m) => textOf(m).includes('service.no-endpoints')), 60_000);
    const thread = replies().map(textOf);
    // The timeline in causal order: fired, queued, collecting (started), then the node's findings.
    const at = (re: RegExp) => thread.findIndex((t) => re.test(t));
    expect(at(/fired/i)).toBeGreaterThanOrEqual(0);
    expect(at(/queued/i)).toBeGreaterThan(at(/fired/i));
    expect(at(/collecting from node-7/i)).toBeGreaterThan(at(/queued/i));
    expect(at(/service\.no-endpoints/)).toBeGreaterThan(at(/collecting from node-7/i));
    expect(thread.join('\n')).toContain('iptables.masquerade-not-random');
    // The full report and the raw evidence as files in the thread.
    await slack.waitFor(
      () => slack.files().filter((f) => f.completed && f.threadTs === root()?.ts).length >= 2,
      20_000,
    );
    // The root message, updated in place, now carries the node's verdict.
    await slack.waitFor(() => root()!.edits > 0 && !textOf(root()!).includes('No node check yet'), 20_000);
    expect(textOf(root()!)).toMatch(/\d+ warning/);
    expect(slack.messages(CHANNEL)).toHaveLength(1);
    // The annotation's `<!channel>` and every timeline line notify nobody.
    expect(slack.mentions()).toEqual([]);
  }, 90_000);

  it('ignores HA duplicates of the same delivery', async () => {
    const before = replies().length;
    const again = await Promise.all([deliver('firing'), deliver('firing')]);
    expect(again.map((r) => r.status)).toEqual([200, 200]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(replies().length).toBe(before);
    expect(slack.messages(CHANNEL)).toHaveLength(1);
  });

  it('updates the root message in place when the alert resolves', async () => {
    const rootTs = root()!.ts;
    expect((await deliver('resolved')).status).toBe(200);
    await slack.waitFor(() => /resolved/i.test(textOf(root()!)) && root()!.edits > 0, 20_000);
    expect(root()!.ts).toBe(rootTs);
    expect(slack.messages(CHANNEL)).toHaveLength(1);
    // The root shows the new state at once; the thread's "resolved" line follows in its turn.
    await slack.waitFor(() => replies().some((m) => /resolved/i.test(m.text)), 20_000);
  });

  it('answers /netcheck node-7 at once and posts the findings in a new thread', async () => {
    const answer = await sendSlashCommand(`${base}/slack/events`, SIGNING_SECRET, {
      channel_id: CHANNEL,
      text: 'node-7',
    });
    expect(answer.status).toBe(200);
    expect(answer.ms).toBeLessThan(3000);
    expect(answer.body).toMatch(/node-7/);
    await slack.waitFor(() => slack.messages(CHANNEL).length === 2, 20_000);
    const manual = slack.messages(CHANNEL)[1]!;
    await slack.waitFor(
      () => slack.thread(CHANNEL, manual.ts).some((m) => textOf(m).includes('service.no-endpoints')),
      60_000,
    );
    expect(
      slack
        .thread(CHANNEL, manual.ts)
        .map((m) => m.text)
        .join('\n'),
    ).toMatch(/alice/);
    expect(slack.mentions()).toEqual([]);
  }, 90_000);

  it('exposes the queue and collection metrics at /metrics', async () => {
    // Two collections (the alert's and the command's) ended well once the second job has uploaded its files.
    const scrape = async () => (await fetch(`${base}/metrics`)).text();
    let metrics = await scrape();
    for (let i = 0; i < 100 && !/^netcheck_collections_total\{outcome="ok"\} 2$/m.test(metrics); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      metrics = await scrape();
    }
    expect(metrics).toMatch(/^netcheck_collections_total\{outcome="ok"\} 2$/m);
    expect(metrics).toMatch(/^netcheck_queue_jobs\{queue="collect",state="failed"\} 0$/m);
    expect(metrics).toMatch(/^netcheck_slack_queued_calls \d+$/m);
  });

  it('shuts down cleanly on SIGTERM and never logged a secret', async () => {
    bot.kill('SIGTERM');
    const [code] = await once(bot, 'exit');
    expect(code).toBe(0);
    for (const secret of [slack.token, SIGNING_SECRET, AM_TOKEN]) expect(output).not.toContain(secret);
  }, 60_000);
});
