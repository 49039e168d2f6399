// Every container of every bot build (deploy/bot and its overlays): limits, probes where it serves, non-root and
// locked down but the agent, Secrets by reference only; the bot and the worker from one image with the settings
// `netcheck serve` accepts for their role, the bot spread and covered by its PodDisruptionBudget.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { describe, expect, it } from 'vitest';
import { loadConfig, ROLES, type Role } from '../../src/main/config.js';
import { podSecurityViolations } from '../support/pod-security.js';
import { botBuilds } from './builds.js';
import { argsOf, dockerfileInstructions } from './dockerfile-instructions.js';
import { selects } from './label-selector.js';
import { repoRoot } from './load-manifests.js';
import { type PodTemplate, podTemplates } from './pod-templates.js';

const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
const IMAGE = `ghcr.io/netcheck/netcheck:${version}`;

/** Values of the shape each secret setting needs, to stand in for the Secret's when checking a pod's settings. */
const SECRET_STAND_INS: Record<string, string> = {
  SLACK_BOT_TOKEN: 'xoxb-0000-0000-stand-in',
  SLACK_SIGNING_SECRET: 'stand-in-signing-secret',
  SLACK_APP_TOKEN: 'xapp-0-stand-in',
  ALERTMANAGER_TOKEN: 'stand-in-bearer-token',
  REDIS_URL: 'rediss://:stand-in@redis.example:6380',
};

const builds = botBuilds().map((b) => {
  const pods = podTemplates(b.objects);
  const of = <T>(kind: string) => b.objects.filter((o) => o.kind === kind) as unknown as T[];
  return { ...b, pods, of, pod: (name: string) => pods.find((p) => p.name === name) };
});

const containersOf = (pods: PodTemplate[]) =>
  pods.flatMap((p) =>
    [...(p.spec.initContainers ?? []), ...p.spec.containers].map((c) => ({ pod: p, c, where: `${p.name}/${c.name}` })),
  );

/**
 * The environment a container starts with: its ConfigMaps, then its own entries, Secret keys as stand-ins (an
 * optional key only when SECRET_KEYS holds it).
 */
function environment(
  container: IContainer,
  configMaps: IConfigMap[],
  secretKeys: readonly string[],
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    const map = configMaps.find((m) => m.metadata?.name === source.configMapRef?.name);
    Object.assign(env, map?.data ?? {});
  }
  for (const entry of container.env ?? []) {
    const secretKey = entry.valueFrom?.secretKeyRef?.key;
    if (entry.value !== undefined) env[entry.name] = entry.value;
    else if (secretKey && (!entry.valueFrom?.secretKeyRef?.optional || secretKeys.includes(secretKey))) {
      env[entry.name] = SECRET_STAND_INS[secretKey]!;
    }
  }
  return env;
}

describe.each(builds.map((b) => [b.dir, b] as const))('workloads of %s', (_dir, build) => {
  const { pods } = build;
  const containers = containersOf(pods);
  const agent = (p: PodTemplate) => p.name === 'netcheck-agent';

  it('runs the bot, the worker and Redis (unless external), and the agent (unless debug-pod mode)', () => {
    const names = pods.map((p) => p.workload).sort();
    expect(names).toContain('Deployment/netcheck-bot');
    expect(names).toContain('Deployment/netcheck-worker');
    expect(names.includes('StatefulSet/netcheck-redis')).toBe(!build.dir.endsWith('external-redis'));
    expect(names.includes('DaemonSet/netcheck-agent')).toBe(!build.dir.endsWith('bot-debug-pod'));
  });

  it('every container has CPU and memory requests and limits', () => {
    for (const { c, where } of containers) {
      for (const r of ['cpu', 'memory']) {
        expect(c.resources?.requests?.[r], `${where} requests.${r}`).toBeDefined();
        expect(c.resources?.limits?.[r], `${where} limits.${r}`).toBeDefined();
      }
    }
  });

  it('every container with a port has startup, readiness and liveness probes, on a port it declares', () => {
    for (const { c, where } of containers.filter(({ c }) => (c.ports ?? []).length > 0)) {
      for (const probe of [c.startupProbe, c.readinessProbe, c.livenessProbe]) {
        expect(probe, where).toBeDefined();
        const port = probe?.httpGet?.port;
        if (port !== undefined)
          expect(
            c.ports?.map((p) => p.name),
            where,
          ).toContain(port);
        else expect(probe?.exec?.command, where).toBeDefined();
      }
    }
  });

  it('every pod but the agent is non-root, seccomp RuntimeDefault, read-only, no privilege escalation, ALL dropped', () => {
    for (const { pod, c, where } of containers.filter(({ pod }) => !agent(pod))) {
      const user = c.securityContext?.runAsUser ?? pod.spec.securityContext?.runAsUser;
      expect(c.securityContext?.runAsNonRoot ?? pod.spec.securityContext?.runAsNonRoot, where).toBe(true);
      expect(user, where).toBeGreaterThan(0);
      expect(c.securityContext?.seccompProfile?.type ?? pod.spec.securityContext?.seccompProfile?.type, where).toBe(
        'RuntimeDefault',
      );
      expect(c.securityContext?.readOnlyRootFilesystem, where).toBe(true);
      expect(c.securityContext?.allowPrivilegeEscalation, where).toBe(false);
      expect(c.securityContext?.privileged, where).toBeUndefined();
      expect(c.securityContext?.capabilities, where).toEqual({ drop: ['ALL'] });
      expect(pod.spec.hostNetwork ?? pod.spec.hostPID ?? pod.spec.hostIPC, where).toBeUndefined();
    }
    // The agent is the documented exception (agent-daemonset.test.ts): root with three capabilities.
    for (const { c } of containers.filter(({ pod }) => agent(pod))) expect(c.securityContext?.runAsUser).toBe(0);
  });

  it('every pod but the agent meets the Pod Security `restricted` level (the namespace is privileged for the agent)', () => {
    for (const p of pods.filter((p) => !agent(p))) {
      expect(podSecurityViolations({ apiVersion: 'v1', kind: 'Pod', spec: p.spec }, 'restricted'), p.name).toEqual([]);
    }
  });

  it('names Secrets by reference only: no Secret objects, no secret-looking values', () => {
    expect(build.objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    const configMaps = build.of<IConfigMap>('ConfigMap');
    for (const m of configMaps) {
      for (const name of Object.keys(m.data ?? {})) expect(name).not.toMatch(/TOKEN|SECRET|PASSWORD/);
    }
    for (const { c, where } of containers) {
      for (const e of c.env ?? []) {
        if (/TOKEN|SECRET|PASSWORD/.test(e.name) || e.name === 'REDIS_URL') {
          expect(e.value, `${where} ${e.name}`).toBeUndefined();
          expect(e.valueFrom?.secretKeyRef?.key, `${where} ${e.name}`).toBe(e.name);
        }
      }
      expect(c.envFrom?.filter((s) => s.secretRef) ?? [], where).toEqual([]);
    }
  });

  it('runs `serve --role bot` and `serve --role worker` from the one image, tagged with the package version', () => {
    const bot = build.pod('netcheck-bot')!.spec.containers;
    const worker = build.pod('netcheck-worker')!.spec.containers;
    expect(bot.map((c) => [c.image, c.args])).toEqual([[IMAGE, ['serve', '--role', 'bot']]]);
    expect(worker.map((c) => [c.image, c.args])).toEqual([[IMAGE, ['serve', '--role', 'worker']]]);
  });

  it("runs the bot and the worker as the root Dockerfile's user, on the port it exposes", () => {
    const instructions = dockerfileInstructions('Dockerfile');
    const [user, group] = (argsOf(instructions, 'USER').at(-1) ?? '').split(':').map(Number);
    for (const name of ['netcheck-bot', 'netcheck-worker']) {
      const spec = build.pod(name)!.spec;
      expect([spec.securityContext?.runAsUser, spec.securityContext?.runAsGroup], name).toEqual([user, group]);
      expect(
        spec.containers[0]?.ports?.map((p) => String(p.containerPort)),
        name,
      ).toEqual(argsOf(instructions, 'EXPOSE'));
    }
  });

  // The Secret netcheck-slack as deploy/README.md has it made: HTTP mode, or Socket Mode.
  it.each([
    ['HTTP', ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'ALERTMANAGER_TOKEN']],
    ['Socket Mode', ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN']],
  ])('gives each role settings `netcheck serve` accepts (%s), PORT being the port the probes use', (_mode, keys) => {
    const configMaps = build.of<IConfigMap>('ConfigMap');
    for (const name of ['netcheck-bot', 'netcheck-worker']) {
      const container = build.pod(name)!.spec.containers[0]!;
      const role = (container.args ?? [])[2] as Role;
      expect(ROLES).toContain(role);
      const env = environment(container, configMaps, [...keys, 'REDIS_URL']);
      const config = loadConfig(env, role);
      if (role === 'bot') expect(config.slack.appToken !== undefined).toBe(keys.includes('SLACK_APP_TOKEN'));
      expect(config.port, name).toBe(container.ports?.[0]?.containerPort);
      expect(config.exec.mode, name).toBe(build.dir.endsWith('bot-debug-pod') ? 'debug-pod' : 'agent');
      if (build.dir.endsWith('external-redis')) expect(config.redis.url).toBe(SECRET_STAND_INS.REDIS_URL);
      else expect(config.redis.url).toBe('redis://netcheck-redis:6379');
      // Running collections get NETCHECK_SHUTDOWN_TIMEOUT on SIGTERM, the preStop pause comes first: both fit.
      const preStop = Number(container.lifecycle?.preStop?.exec?.command?.[1] ?? 0);
      expect(build.pod(name)!.spec.terminationGracePeriodSeconds, name).toBeGreaterThan(
        config.shutdownTimeoutSeconds + preStop,
      );
    }
  });

  it('refuses to start the bot with neither a signing secret nor an app token in the Secret', () => {
    const container = build.pod('netcheck-bot')!.spec.containers[0]!;
    const env = environment(container, build.of<IConfigMap>('ConfigMap'), ['REDIS_URL']);
    expect(() => loadConfig(env, 'bot')).toThrow(/SLACK_SIGNING_SECRET: missing/);
  });

  it('only the worker holds a Kubernetes token: the bot runs as an unbound ServiceAccount without one', () => {
    const bot = build.pod('netcheck-bot')!.spec;
    const worker = build.pod('netcheck-worker')!.spec;
    expect(bot.automountServiceAccountToken).toBe(false);
    const botAccount = build
      .of<IServiceAccount>('ServiceAccount')
      .find((s) => s.metadata?.name === bot.serviceAccountName);
    expect(botAccount?.automountServiceAccountToken).toBe(false);
    const bound = build.of<IRoleBinding>('RoleBinding').concat(build.of<IRoleBinding>('ClusterRoleBinding'));
    const subjects = bound.flatMap((b) => b.subjects ?? []).map((s) => s.name);
    expect(subjects).not.toContain(bot.serviceAccountName);
    expect(worker.serviceAccountName).toBe('netcheck');
    expect(worker.automountServiceAccountToken).toBeUndefined();
    expect(subjects).toContain('netcheck');
  });

  it('keeps two bots, spread over nodes and zones, and a PodDisruptionBudget that selects exactly the bot', () => {
    const bot = build.pod('netcheck-bot')!;
    expect(bot.replicas).toBe(2);
    const keys = (bot.spec.topologySpreadConstraints ?? []).map((t) => {
      expect(selects(t.labelSelector ?? {}, bot.labels)).toBe(true);
      return t.topologyKey;
    });
    expect(keys.sort()).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
    const budgets = build.of<IPodDisruptionBudget>('PodDisruptionBudget');
    const covering = (p: PodTemplate) =>
      budgets.filter((b) => selects(b.spec?.selector ?? {}, p.labels)).map((b) => b.metadata?.name);
    expect(covering(bot)).toEqual(['netcheck-bot']);
    expect(covering(build.pod('netcheck-worker')!)).toEqual(['netcheck-worker']);
    for (const p of pods.filter((p) => !p.name.startsWith('netcheck-bot') && p.name !== 'netcheck-worker')) {
      expect(covering(p), p.name).toEqual([]);
    }
    const pdb = budgets.find((b) => b.metadata?.name === 'netcheck-bot');
    expect(pdb?.spec?.maxUnavailable).toBe(1);
  });
});
