// deploy/bot's two Deployments run as their containers would: the built CLI with each container's arguments, the
// ConfigMap's and the container's environment (the Secret's keys filled in), as the Dockerfile's non-root user. Each
// answers its probes' paths; a slash command taken by the bot process is collected by the worker process through
// Redis; SIGTERM ends both within the pod's grace period.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { scriptedExec } from '../support/exec-handlers.js';
import { type FakeKubeApiserver, startFakeKubeApiserver } from '../support/fake-kube-apiserver.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { freePort } from '../support/free-port.js';
import { sampleReport } from '../support/k8s-helpers.js';
import { makeNode, makeRunningPod } from '../support/kube-objects.js';
import { poll } from '../support/poll.js';
import { redisForFile } from '../support/redis-for-file.js';
import { sendSlashCommand } from '../support/slack-request.js';
import { botBuilds } from './builds.js';
import { repoRoot } from './load-manifests.js';
import { type PodTemplate, podTemplates } from './pod-templates.js';

const BIN = join(repoRoot, 'bin/netcheck.js');
const BUILT = join(repoRoot, 'dist/netcheck.mjs');
const SECRET: Record<string, string> = {
  SLACK_BOT_TOKEN: 'xoxb-2024-5150-d3pl0yb0tt0ken',
  SLACK_SIGNING_SECRET: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  ALERTMANAGER_TOKEN: 'am-d3ploy-t0ken-s3cret',
};

const objects = botBuilds().find((b) => b.dir === 'deploy/bot')!.objects;
const pods = podTemplates(objects);
const configMaps = objects.filter((o) => o.kind === 'ConfigMap') as unknown as IConfigMap[];
const podNamed = (name: string) => pods.find((p) => p.name === name)!;

const redis = redisForFile();
let slack: FakeSlack;
let api: FakeKubeApiserver;
let dir: string;
/** Root here: run the pods as their own user, as the kubelet would. */
const asRoot = process.getuid?.() === 0;

beforeAll(async () => {
  if (!existsSync(BUILT)) throw new Error('dist/netcheck.mjs is missing: run `npm run build` first');
  const defaultChannel = configMaps.find((m) => m.metadata?.name === 'netcheck-bot')?.data?.NETCHECK_CHANNEL ?? '';
  slack = await startFakeSlack({
    token: SECRET.SLACK_BOT_TOKEN,
    channels: [
      { id: defaultChannel, name: 'incidents' },
      { id: 'C0DEPLOY01', name: 'net-ops' },
    ],
  });
  api = await startFakeKubeApiserver({
    nodes: [makeNode('node-3', { internalIP: '10.0.2.3' })],
    pods: [
      makeRunningPod('netcheck-agent-x7k2p', {
        namespace: 'netcheck',
        node: 'node-3',
        labels: { 'app.kubernetes.io/name': 'netcheck-agent' },
      }),
    ],
    exec: scriptedExec({ stdout: sampleReport }),
  });
  dir = mkdtempSync(join(tmpdir(), 'netcheck-deploy-pods-'));
  // In the cluster the worker uses its ServiceAccount's token; here a kubeconfig the pod's user can read.
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'fake', cluster: { server: api.url, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'fake-user', user: { token: api.kubeconfig().users[0]?.token } }],
      contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'fake-user', namespace: 'netcheck' } }],
      'current-context': 'fake',
    }),
    { mode: 0o600 },
  );
  if (asRoot) {
    const sc = podNamed('netcheck-worker').spec.securityContext;
    chmodSync(dir, 0o755);
    chownSync(kubeconfig, sc?.runAsUser ?? 0, sc?.runAsGroup ?? 0);
  }
});

afterAll(async () => {
  await slack?.close();
  await api?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The container's environment: its ConfigMaps, then its entries, Secret keys from SECRET. */
function containerEnv(container: IContainer): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    Object.assign(env, configMaps.find((m) => m.metadata?.name === source.configMapRef?.name)?.data ?? {});
  }
  for (const entry of container.env ?? []) {
    const key = entry.valueFrom?.secretKeyRef?.key;
    if (entry.value !== undefined) env[entry.name] = entry.value;
    else if (key && SECRET[key] !== undefined) env[entry.name] = SECRET[key];
  }
  return env;
}

interface Running {
  child: ChildProcess;
  port: number;
  output: () => string;
}

/** Starts POD's container; only what points at the cluster's services is pointed at this test's instead. */
async function run(pod: PodTemplate, port: number): Promise<Running> {
  const container = pod.spec.containers[0]!;
  const env = containerEnv(container);
  // Nothing here answers at Alertmanager's and Prometheus' in-cluster addresses; neither is contacted at start.
  delete env.ALERTMANAGER_URL;
  delete env.PROMETHEUS_URL;
  Object.assign(env, {
    REDIS_URL: redis.url,
    SLACK_API_URL: slack.apiUrl,
    PORT: String(port),
    NETCHECK_REDIS_PREFIX: `nc-deploy-${process.pid}`,
    NETCHECK_INTERVAL: '1',
    KUBECONFIG: join(dir, 'kubeconfig'),
  });
  const sc = pod.spec.securityContext;
  const child = spawn(process.execPath, [BIN, ...(container.args ?? [])], {
    env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(asRoot ? { uid: sc?.runAsUser ?? 0, gid: sc?.runAsGroup ?? 0 } : {}),
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return { child, port, output: () => output };
}

function probes(container: IContainer): [string, IProbe][] {
  return (
    [
      ['startup', container.startupProbe],
      ['readiness', container.readinessProbe],
      ['liveness', container.livenessProbe],
    ] as const
  ).flatMap(([name, probe]) => (probe ? [[name, probe] as [string, IProbe]] : []));
}

describe('deploy/bot: the bot and the worker Deployments as processes', () => {
  it('each answers its probes, the worker collects what the bot takes, and both stop on SIGTERM in time', async () => {
    const bot = podNamed('netcheck-bot');
    const worker = podNamed('netcheck-worker');
    const running = [await run(bot, await freePort()), await run(worker, await freePort())];
    const exits = running.map((r) => once(r.child, 'exit'));
    try {
      for (const [pod, r] of [bot, worker].map((p, i) => [p, running[i]!] as const)) {
        const container = pod.spec.containers[0]!;
        const list = probes(container);
        expect(list.map(([name]) => name)).toEqual(['startup', 'readiness', 'liveness']);
        for (const [name, probe] of list) {
          const path = probe.httpGet?.path ?? '';
          const status = await poll(
            () => {
              if (r.child.exitCode !== null) throw new Error(`${pod.name} exited:\n${r.output()}`);
              return fetch(`http://127.0.0.1:${r.port}${path}`).then(
                (res) => (res.status === 200 ? 200 : undefined),
                () => undefined,
              );
            },
            30_000,
            () => `${pod.name} ${name} probe ${path} (output so far:\n${r.output()})`,
            { intervalMs: 100 },
          );
          expect(status).toBe(200);
        }
      }
      // Only the bot takes Slack's requests.
      expect((await fetch(`http://127.0.0.1:${running[1]!.port}/slack/events`, { method: 'POST' })).status).toBe(404);
      const ack = await sendSlashCommand(
        `http://127.0.0.1:${running[0]!.port}/slack/events`,
        SECRET.SLACK_SIGNING_SECRET!,
        { text: 'node-3', channel_id: 'C0DEPLOY01' },
      );
      expect(ack.status).toBe(200);
      const root = await poll(
        () => slack.messages('C0DEPLOY01')[0],
        20_000,
        () => `the root message (ack ${ack.body}; bot:\n${running[0]!.output()}\nworker:\n${running[1]!.output()})`,
      );
      await poll(
        () => slack.thread('C0DEPLOY01', root.ts).some((m) => /node-3:/.test(m.text ?? '')),
        40_000,
        () => `the worker's diagnosis of node-3 (worker output:\n${running[1]!.output()})`,
      );
    } finally {
      for (const r of running) r.child.kill('SIGTERM');
    }
    const started = Date.now();
    const codes = await Promise.all(exits);
    for (const [i, pod] of [bot, worker].entries()) {
      expect(codes[i]?.[0], `${pod.name}:\n${running[i]!.output()}`).toBe(0);
    }
    expect(Date.now() - started).toBeLessThan(
      Math.min(bot.spec.terminationGracePeriodSeconds!, worker.spec.terminationGracePeriodSeconds!) * 1000,
    );
    for (const r of running) {
      for (const secret of Object.values(SECRET)) expect(r.output()).not.toContain(secret);
    }
  }, 120_000);
});
