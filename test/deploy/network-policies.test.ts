// deploy/bot/network-policies.yaml in every bot build: default deny, only the bot's port reachable from outside, Redis
// only from the bot and the worker, each pod's egress exactly what it calls. Evaluated with the API's semantics
// (network-access.ts) over the pods the build runs, so a selector that misses its pods fails here.
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IService } from 'kubernetes-models/v1/Service';
import { describe, expect, it } from 'vitest';
import { botBuilds } from './builds.js';
import { type LabelSelector, selects } from './label-selector.js';
import { allowed, isolated, selectedPods } from './network-access.js';
import { type PodTemplate, podTemplates } from './pod-templates.js';

const builds = botBuilds().map((b) => {
  const pods = podTemplates(b.objects);
  const policies = b.objects.filter((o) => o.kind === 'NetworkPolicy') as unknown as INetworkPolicy[];
  const pod = (name: string) => pods.find((p) => p.name === name);
  return { ...b, pods, policies, pod };
});

const BOT_PORT = '3000/TCP';
const CLIENT_EGRESS = [
  'anywhere 443/TCP',
  'anywhere 53/TCP',
  'anywhere 53/UDP',
  'anywhere 9090/TCP',
  'anywhere 9093/TCP',
];

describe('the evaluator', () => {
  const pod = (name: string, labels: Record<string, string>): PodTemplate => ({
    workload: `Deployment/${name}`,
    name,
    namespace: 'n',
    replicas: 1,
    labels,
    spec: { containers: [{ name: 'c', ports: [{ name: 'web', containerPort: 8080 }] }] },
  });
  const a = pod('a', { app: 'a' });
  const b = pod('b', { app: 'b', tier: 'x' });
  const policy = (spec: INetworkPolicy['spec']): INetworkPolicy => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'p', namespace: 'n' },
    spec,
  });

  it('applies matchLabels and every matchExpressions operator', () => {
    const labels = { app: 'a', tier: 'x' };
    const cases: [LabelSelector, boolean][] = [
      [{}, true],
      [{ matchLabels: { app: 'a' } }, true],
      [{ matchLabels: { app: 'b' } }, false],
      [{ matchExpressions: [{ key: 'app', operator: 'In', values: ['a', 'b'] }] }, true],
      [{ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['a'] }] }, false],
      [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, true],
      [{ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, true],
      [{ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, false],
      [{ matchLabels: { app: 'a' }, matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, false],
    ];
    for (const [selector, expected] of cases)
      expect(selects(selector, labels), JSON.stringify(selector)).toBe(expected);
  });

  it('leaves a pod no policy selects open, and names peers, named ports and the default policy types', () => {
    const only = policy({
      podSelector: { matchLabels: { app: 'a' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { tier: 'x' } } }], ports: [{ port: 'web' }] }, {}],
    });
    expect(allowed(b, 'Ingress', [only], [a, b])).toEqual(['everything']);
    expect(isolated(a, 'Egress', [only])).toBe(false);
    expect(allowed(a, 'Ingress', [only], [a, b])).toEqual(['anywhere all ports', 'pod b 8080/TCP']);
    const outside = policy({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ namespaceSelector: {} }, { ipBlock: { cidr: '10.0.0.0/8' } }],
          ports: [{ port: 53, protocol: 'UDP' }],
        },
      ],
    });
    expect(selectedPods(outside, [a, b])).toEqual([a, b]);
    expect(allowed(b, 'Egress', [outside], [a, b])).toEqual(['ip 10.0.0.0/8 53/UDP', 'namespaces 53/UDP']);
  });
});

describe.each(builds.map((b) => [b.dir, b] as const))('NetworkPolicies of %s', (_dir, build) => {
  const { pods, policies, pod } = build;
  const bot = pod('netcheck-bot')!;
  const worker = pod('netcheck-worker')!;
  const redis = pod('netcheck-redis');

  it('each policy selects pods this build runs', () => {
    expect(policies.length).toBeGreaterThan(0);
    for (const policy of policies) expect(selectedPods(policy, pods), policy.metadata?.name).not.toEqual([]);
  });

  it('denies by default: one policy selects every pod, both ways, and allows nothing', () => {
    const deny = policies.filter((p) => Object.keys(p.spec?.podSelector ?? {}).length === 0);
    expect(deny.map((p) => p.metadata?.name)).toEqual(['netcheck-default-deny']);
    expect(deny[0]?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    for (const p of pods) {
      expect(isolated(p, 'Ingress', policies), p.name).toBe(true);
      expect(isolated(p, 'Egress', policies), p.name).toBe(true);
    }
  });

  it("lets in from outside the namespace only the bot's HTTP port, the one its Service targets", () => {
    const open = pods.flatMap((p) =>
      allowed(p, 'Ingress', policies, pods)
        .filter((line) => !line.startsWith('pod '))
        .map((line) => `${p.name}: ${line}`),
    );
    expect(open).toEqual([`netcheck-bot: anywhere ${BOT_PORT}`]);
    const service = build.objects.find((o) => o.kind === 'Service' && o.metadata.name === 'netcheck-bot') as
      | IService
      | undefined;
    expect(service?.spec?.ports?.map((p) => p.targetPort)).toEqual(['http']);
    expect(bot.spec.containers[0]?.ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }]);
  });

  it('lets nothing into the worker and the agent (the API server execs into the agent through the kubelet)', () => {
    expect(allowed(worker, 'Ingress', policies, pods)).toEqual([]);
    const agent = pod('netcheck-agent');
    if (agent) {
      expect(agent.spec.hostNetwork).toBe(true);
      expect(allowed(agent, 'Ingress', policies, pods)).toEqual([]);
      expect(allowed(agent, 'Egress', policies, pods)).toEqual([]);
    }
  });

  it('Redis: only the bot and the worker pods get in, on the Redis port; Redis itself calls nothing', () => {
    if (!redis) return;
    expect(allowed(redis, 'Ingress', policies, pods)).toEqual([
      'pod netcheck-bot 6379/TCP',
      'pod netcheck-worker 6379/TCP',
    ]);
    expect(allowed(redis, 'Egress', policies, pods)).toEqual([]);
    expect(redis.spec.containers[0]?.ports?.map((p) => p.containerPort)).toEqual([6379]);
  });

  it('bot egress: DNS, Slack (HTTPS), Redis, Alertmanager and Prometheus; no Kubernetes API port', () => {
    const redisPath = redis ? ['pod netcheck-redis 6379/TCP'] : ['anywhere 6379/TCP', 'anywhere 6380/TCP'];
    expect(allowed(bot, 'Egress', policies, pods)).toEqual([...CLIENT_EGRESS, ...redisPath].sort());
  });

  it('worker egress: the same, and the Kubernetes API (HTTPS, 6443)', () => {
    const redisPath = redis ? ['pod netcheck-redis 6379/TCP'] : ['anywhere 6379/TCP', 'anywhere 6380/TCP'];
    expect(allowed(worker, 'Egress', policies, pods)).toEqual(
      [...CLIENT_EGRESS, 'anywhere 6443/TCP', ...redisPath].sort(),
    );
  });

  it('reaches every URL the settings name on its port (Alertmanager, Prometheus, Redis)', () => {
    const config = build.objects.find(
      (o) => o.kind === 'ConfigMap' && o.metadata.name === 'netcheck-bot',
    ) as unknown as {
      data: Record<string, string>;
    };
    for (const name of ['ALERTMANAGER_URL', 'PROMETHEUS_URL', 'REDIS_URL']) {
      const value = config.data[name];
      if (value === undefined) continue;
      const port = new URL(value).port;
      for (const p of [bot, worker]) {
        expect(
          allowed(p, 'Egress', policies, pods).some((line) => line.endsWith(` ${port}/TCP`)),
          `${p.name} ${name}`,
        ).toBe(true);
      }
    }
  });
});

it('renders the in-cluster Redis in deploy/bot and removes it, with its policy, in external-redis', () => {
  const byDir = new Map(builds.map((b) => [b.dir, b]));
  expect(byDir.get('deploy/bot')?.pod('netcheck-redis')).toBeDefined();
  const external = byDir.get('deploy/overlays/external-redis');
  if (external) {
    expect(external.pod('netcheck-redis')).toBeUndefined();
    expect(external.policies.map((p) => p.metadata?.name)).not.toContain('netcheck-redis');
  }
});
