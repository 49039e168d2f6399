// `netcheck doctor` against real parts: the local Slack (auth.test, conversations.info), a real redis-server (with
// and without persistence, with BullMQ's required `noeviction` and with `allkeys-lru`), the fake kube-apiserver
// (SelfSubjectAccessReview with RBAC denials, agent pods, Pod Security on a dry-run debug pod) and a real
// Prometheus. A healthy install passes every check (exit 0); a broken one names each missing piece with its fix.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanUpClusters, cluster, clusterHome, kubeconfigFor } from '../support/cluster-cli.js';
import { startFakeKubeApiserver } from '../support/fake-kube-apiserver.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { makeNamespace, makeNode } from '../support/kube-objects.js';
import { prometheusMissing } from '../support/prometheus/daemon.js';
import { type PrometheusServer, startPrometheus } from '../support/prometheus/prometheus-lab.js';
import { type RedisServer, startRedis } from '../support/redis-server.js';
import { runInProcess } from './run-cli.js';

interface Check {
  area: string;
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

let slack: FakeSlack;
let persistent: RedisServer;
let volatile: RedisServer;
let prometheus: PrometheusServer | undefined;

beforeAll(async () => {
  if (prometheusMissing()) throw new Error(`doctor tests need Prometheus: ${prometheusMissing()}`);
  [slack, persistent, volatile, prometheus] = await Promise.all([
    startFakeSlack(),
    startRedis({ aof: true }),
    startRedis(),
    startPrometheus([]),
  ]);
  // A cache-style Redis: BullMQ loses jobs under any eviction policy but noeviction.
  const admin = new Redis(volatile.url);
  await admin.config('SET', 'maxmemory-policy', 'allkeys-lru');
  admin.disconnect();
}, 120_000);

afterAll(async () => {
  await Promise.all([slack?.close(), persistent?.dispose(), volatile?.dispose(), prometheus?.stop()]);
  await cleanUpClusters();
});

function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    HOME: clusterHome(),
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: 'doctor-signing-secret',
    SLACK_API_URL: slack.apiUrl,
    NETCHECK_CHANNEL: 'C0INCIDENTS',
    ALERTMANAGER_TOKEN: 'doctor-alertmanager-token',
    REDIS_URL: persistent.url,
    ...extra,
  };
}

async function doctor(env: NodeJS.ProcessEnv, args: string[] = []) {
  const text = await runInProcess(['doctor', ...args], env);
  const json = await runInProcess(['doctor', '--json', ...args], env);
  const parsed = JSON.parse(json.stdout) as { ok: boolean; checks: Check[] };
  expect(json.code).toBe(text.code);
  return { ...text, ok: parsed.ok, checks: parsed.checks };
}

const failing = (checks: Check[]) => checks.filter((c) => !c.ok).map((c) => `${c.area}: ${c.name}`);

describe('netcheck doctor', () => {
  it('passes every check of a healthy install, one ✓ line each, and exits 0', async () => {
    const api = await cluster([makeNode('node-1'), makeNode('node-2')]);
    const run = await doctor(baseEnv({ KUBECONFIG: kubeconfigFor(api), PROMETHEUS_URL: prometheus?.url ?? '' }));
    expect(failing(run.checks)).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.ok).toBe(true);
    expect(new Set(run.checks.map((c) => c.area))).toEqual(
      new Set(['config', 'slack', 'redis', 'kubernetes', 'prometheus']),
    );
    const lines = run.stdout.split('\n').filter((l) => /^\s+[✓✗]/.test(l));
    expect(lines).toHaveLength(run.checks.length);
    expect(lines.every((l) => l.includes('✓'))).toBe(true);
    expect(run.stdout).toContain('redis\n  ✓ reachable');
    expect(run.stdout).toContain('✓ persistence: append-only file on');
    expect(run.stdout).toContain('✓ eviction policy: noeviction');
    expect(run.stdout).toContain('✓ bot in C0INCIDENTS: #incidents');
    expect(run.stdout).toContain('✓ agent DaemonSet: ready on 2 of 2 Ready nodes');
    expect(run.stdout).toContain('✓ may create pods/exec in netcheck');
    expect(run.stdout).toMatch(/all \d+ checks passed\n$/);
  });

  it('names each missing piece of a broken install with its fix, and exits 1', async () => {
    const api = await cluster([makeNode('node-1'), makeNode('node-2'), makeNode('node-3')], ['node-2']);
    api.deny({ verb: 'create', resource: 'pods/exec', namespace: 'netcheck' });
    const run = await doctor(
      baseEnv({
        KUBECONFIG: kubeconfigFor(api),
        REDIS_URL: volatile.url,
        NETCHECK_CHANNEL: 'C0NOTINVITED',
        PROMETHEUS_URL: 'http://127.0.0.1:9/',
      }),
    );
    expect(run.code).toBe(1);
    expect(run.ok).toBe(false);
    expect(failing(run.checks).sort()).toEqual(
      [
        'kubernetes: agent DaemonSet',
        'kubernetes: may create pods/exec in netcheck',
        'prometheus: reachable',
        'redis: eviction policy',
        'redis: persistence',
        'slack: bot in C0NOTINVITED',
      ].sort(),
    );
    const byName = new Map(run.checks.map((c) => [`${c.area}: ${c.name}`, c]));
    expect(byName.get('redis: eviction policy')?.detail).toBe('allkeys-lru');
    expect(byName.get('redis: eviction policy')?.fix).toContain('noeviction');
    expect(byName.get('redis: persistence')?.fix).toContain('appendonly yes');
    expect(byName.get('kubernetes: agent DaemonSet')?.detail).toBe('ready on 2 of 3 Ready nodes; missing on node-2');
    expect(byName.get('kubernetes: may create pods/exec in netcheck')?.fix).toContain(
      'kubectl auth can-i create pods/exec',
    );
    expect(byName.get('slack: bot in C0NOTINVITED')?.fix).toContain('/invite');
    expect(run.stdout).toContain('✗ eviction policy: allkeys-lru\n      fix: Set `maxmemory-policy noeviction`');
    expect(run.stdout).toMatch(/6 of \d+ checks failed\n$/);
  });

  it('checks Pod Security with a dry run of the real debug pod in debug-pod mode', async () => {
    const strict = await startFakeKubeApiserver({
      nodes: [makeNode('node-1')],
      namespaces: [makeNamespace('netcheck', { 'pod-security.kubernetes.io/enforce': 'baseline' })],
    });
    const open = await startFakeKubeApiserver({ nodes: [makeNode('node-1')] });
    try {
      const refused = await doctor(baseEnv({ KUBECONFIG: kubeconfigFor(strict), NETCHECK_EXEC_MODE: 'debug-pod' }));
      const psa = refused.checks.find((c) => c.name.startsWith('Pod Security'));
      expect(psa?.ok).toBe(false);
      expect(psa?.fix).toContain('pod-security.kubernetes.io/enforce=privileged');
      expect(refused.code).toBe(1);
      // The dry run created nothing.
      expect(strict.pods.pods.size).toBe(0);
      const admitted = await doctor(baseEnv({ KUBECONFIG: kubeconfigFor(open), NETCHECK_EXEC_MODE: 'debug-pod' }));
      expect(failing(admitted.checks)).toEqual([]);
      expect(admitted.checks.map((c) => c.name)).toEqual(
        expect.arrayContaining(['may create pods in netcheck', 'may delete pods in netcheck']),
      );
      expect(open.pods.pods.size).toBe(0);
    } finally {
      await Promise.all([strict.close(), open.close()]);
    }
  });

  it('reports every configuration problem, without echoing secrets, and checks nothing else', async () => {
    const run = await doctor({ HOME: clusterHome(), SLACK_SIGNING_SECRET: 'sekrit-value', REDIS_URL: 'ftp://x' });
    expect(run.code).toBe(1);
    expect(run.checks.every((c) => c.area === 'config' && !c.ok)).toBe(true);
    expect(run.checks.map((c) => c.name)).toEqual(expect.arrayContaining(['SLACK_BOT_TOKEN', 'REDIS_URL']));
    expect(run.stdout).not.toContain('sekrit-value');
  });

  it('says when Slack refuses the bot token', async () => {
    const run = await doctor(baseEnv({ SLACK_BOT_TOKEN: 'xoxb-not-the-right-one', KUBECONFIG: '/nonexistent' }), [
      '--role',
      'bot',
    ]);
    const token = run.checks.find((c) => c.area === 'slack');
    expect(token?.ok).toBe(false);
    expect(token?.detail).toBe('refused (invalid_auth)');
    expect(run.checks.some((c) => c.area === 'kubernetes')).toBe(false);
  });
});
