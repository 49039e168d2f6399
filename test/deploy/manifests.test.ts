import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaErrors } from './k8s-schema.js';
import {
  componentDirs,
  type K8sObject,
  key,
  kustomizationDirs,
  kustomize,
  loadManifestFiles,
  noKubectl,
  parseObjects,
  repoRoot,
} from './load-manifests.js';

const files = loadManifestFiles();
const manifests = files.filter((m) => !m.file.endsWith('/kustomization.yaml'));
const objects = manifests.flatMap((m) => m.objects);
const inDir = (dir: string) => manifests.filter((m) => m.file.startsWith(`${dir}/`)).flatMap((m) => m.objects);
const baseObjects = inDir('deploy/base');
const missingKubectl = noKubectl();

/** The objects that exist for the agent alone, which deploy/components/no-agent removes. */
const AGENT_ONLY = /^(DaemonSet|PriorityClass)\/|netcheck-agent$/;

/** The object with KEY among OBJECTS, typed by the caller. */
const pick = <T>(objs: K8sObject[], k: string): T => objs.find((o) => key(o) === k) as unknown as T;

/** Kinds that live outside any namespace. */
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PriorityClass']);

describe('the schema check itself', () => {
  const daemonSet = (spec: Record<string, unknown>): K8sObject => ({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'x', namespace: 'netcheck' },
    spec: {
      selector: { matchLabels: { a: 'b' } },
      template: { spec: { containers: [{ name: 'c', image: 'i' }], ...spec } },
    },
  });

  it('accepts a minimal valid object', async () => {
    expect(await schemaErrors(daemonSet({ hostNetwork: true }))).toEqual([]);
  });

  it('reports an unknown field, however deep (a typo the API server would drop silently)', async () => {
    expect(await schemaErrors(daemonSet({ hostNetworks: true }))).toEqual([
      'DaemonSet/x.spec.template.spec.hostNetworks: unknown field',
    ]);
    const container = { name: 'c', image: 'i', securityContext: { capabilities: { adds: ['NET_ADMIN'] } } };
    expect(await schemaErrors(daemonSet({ containers: [container] }))).toEqual([
      'DaemonSet/x.spec.template.spec.containers[0].securityContext.capabilities.adds: unknown field',
    ]);
  });

  it('reports wrong types, bad quantities and missing required fields', async () => {
    expect((await schemaErrors(daemonSet({ hostPID: 'yes' }))).join()).toMatch(/hostPID must be boolean/);
    const hungry = { name: 'c', image: 'i', resources: { limits: { memory: 'lots' } } };
    expect((await schemaErrors(daemonSet({ containers: [hungry] }))).join()).toMatch(/memory must match format/);
    expect((await schemaErrors(daemonSet({ containers: [{ image: 'i' }] }))).join()).toMatch(/required property name/);
  });

  it('reports a kind it has no schema for', async () => {
    const odd = { apiVersion: 'v1', kind: 'Gizmo', metadata: { name: 'g' } };
    expect(await schemaErrors(odd)).toEqual(['Gizmo/g: no schema for v1 Gizmo']);
  });

  it('rejects duplicate keys in YAML (the last one would win silently)', () => {
    expect(() => parseObjects('kind: A\nkind: B\n', 'dup.yaml')).toThrow(/unique|duplicate/i);
  });
});

describe('deploy/ manifests', () => {
  it('exist: namespace, service accounts, RBAC, priority class, the agent DaemonSet, the bot, the worker, Redis, policies', () => {
    expect(objects.map(key).sort()).toEqual(
      [
        'ClusterRole/-/netcheck-node-reader',
        'ClusterRoleBinding/-/netcheck-node-reader',
        'ConfigMap/netcheck/netcheck-bot',
        'DaemonSet/netcheck/netcheck-agent',
        'Deployment/netcheck/netcheck-bot',
        'Deployment/netcheck/netcheck-worker',
        'Namespace/-/netcheck',
        'NetworkPolicy/netcheck/netcheck-bot',
        'NetworkPolicy/netcheck/netcheck-clients',
        'NetworkPolicy/netcheck/netcheck-default-deny',
        'NetworkPolicy/netcheck/netcheck-redis',
        'NetworkPolicy/netcheck/netcheck-worker',
        'PodDisruptionBudget/netcheck/netcheck-bot',
        'PodDisruptionBudget/netcheck/netcheck-worker',
        'PriorityClass/-/netcheck-node-agent',
        'Role/netcheck/netcheck-runner',
        'RoleBinding/netcheck/netcheck-runner',
        'Service/netcheck/netcheck-bot',
        'Service/netcheck/netcheck-redis',
        'ServiceAccount/netcheck/netcheck',
        'ServiceAccount/netcheck/netcheck-agent',
        'ServiceAccount/netcheck/netcheck-bot',
        'StatefulSet/netcheck/netcheck-redis',
      ].sort(),
    );
  });

  it.each(manifests.map((m) => [m.file, m.objects] as const))(
    '%s validates against the Kubernetes schemas',
    async (_file, objs) => {
      expect(objs.length).toBeGreaterThan(0);
      for (const object of objs) expect(await schemaErrors(object)).toEqual([]);
    },
  );

  it('puts every namespaced object in namespace netcheck and nothing in the cluster-scoped ones', () => {
    for (const o of objects) {
      if (CLUSTER_SCOPED.has(o.kind)) expect(o.metadata.namespace, key(o)).toBeUndefined();
      else expect(o.metadata.namespace, key(o)).toBe('netcheck');
    }
  });

  it('labels every object as part of netcheck', () => {
    for (const o of objects) expect(o.metadata.labels?.['app.kubernetes.io/part-of'], key(o)).toBe('netcheck');
  });

  it('has no duplicate objects', () => {
    expect(new Set(objects.map(key)).size).toBe(objects.length);
  });
});

describe.skipIf(missingKubectl)(
  `kubectl kustomize (offline)${missingKubectl ? `: skipped, ${missingKubectl}` : ''}`,
  () => {
    it('finds the base, the bot, the overlays and the components they are made of', () => {
      expect(kustomizationDirs().sort()).toEqual([
        'deploy/base',
        'deploy/bot',
        'deploy/overlays/bot-debug-pod',
        'deploy/overlays/external-redis',
        'deploy/overlays/no-agent',
      ]);
      expect(componentDirs().sort()).toEqual(['deploy/components/external-redis', 'deploy/components/no-agent']);
    });

    it('deploy/base renders every manifest file of deploy/base, unchanged, and each passes the schemas', async () => {
      const rendered = kustomize('deploy/base');
      expect(rendered.map(key).sort()).toEqual(baseObjects.map(key).sort());
      const byKey = new Map(objects.map((o) => [key(o), o]));
      for (const o of rendered) {
        expect(o, key(o)).toEqual(byKey.get(key(o)));
        expect(await schemaErrors(o)).toEqual([]);
      }
    });

    it('deploy/bot renders the base plus the bot, the worker, their settings, Redis and the policies, unchanged', async () => {
      const rendered = kustomize('deploy/bot');
      expect(rendered.map(key).sort()).toEqual(objects.map(key).sort());
      const byKey = new Map(objects.map((o) => [key(o), o]));
      for (const o of rendered) {
        expect(o, key(o)).toEqual(byKey.get(key(o)));
        expect(await schemaErrors(o)).toEqual([]);
      }
    });

    it('deploy/overlays/no-agent renders the namespace and RBAC without the agent', async () => {
      const rendered = kustomize('deploy/overlays/no-agent');
      expect(rendered.map(key).sort()).toEqual(
        baseObjects
          .map(key)
          .filter((k) => !AGENT_ONLY.test(k))
          .sort(),
      );
      const byKey = new Map(objects.map((o) => [key(o), o]));
      for (const o of rendered) {
        expect(o, key(o)).toEqual(byKey.get(key(o)));
        expect(await schemaErrors(o)).toEqual([]);
      }
    });

    it('deploy/overlays/bot-debug-pod renders deploy/bot without the agent, the worker in debug-pod mode', async () => {
      const rendered = kustomize('deploy/overlays/bot-debug-pod');
      expect(rendered.map(key).sort()).toEqual(
        objects
          .map(key)
          .filter((k) => !AGENT_ONLY.test(k))
          .sort(),
      );
      const byKey = new Map(objects.map((o) => [key(o), o]));
      for (const o of rendered) {
        const original = byKey.get(key(o)) as K8sObject & { data?: Record<string, string> };
        if (key(o) === 'ConfigMap/netcheck/netcheck-bot') {
          expect(o).toEqual({ ...original, data: { ...original.data, NETCHECK_EXEC_MODE: 'debug-pod' } });
        } else expect(o, key(o)).toEqual(original);
        expect(await schemaErrors(o)).toEqual([]);
      }
    });

    it('deploy/overlays/external-redis renders deploy/bot without Redis, REDIS_URL from the Secret netcheck-redis', async () => {
      const rendered = kustomize('deploy/overlays/external-redis');
      const redisObjects = ['StatefulSet', 'Service', 'NetworkPolicy'].map((kind) => `${kind}/netcheck/netcheck-redis`);
      expect(rendered.map(key).sort()).toEqual(
        objects
          .map(key)
          .filter((k) => !redisObjects.includes(k))
          .sort(),
      );
      const changed = new Set([
        'ConfigMap/netcheck/netcheck-bot',
        'Deployment/netcheck/netcheck-bot',
        'Deployment/netcheck/netcheck-worker',
        'NetworkPolicy/netcheck/netcheck-clients',
      ]);
      const byKey = new Map(objects.map((o) => [key(o), o]));
      for (const o of rendered) {
        if (!changed.has(key(o))) expect(o, key(o)).toEqual(byKey.get(key(o)));
        expect(await schemaErrors(o)).toEqual([]);
      }
      const config = pick<{ data: object }>(rendered, 'ConfigMap/netcheck/netcheck-bot');
      expect(config.data).not.toHaveProperty('REDIS_URL');
      for (const name of ['netcheck-bot', 'netcheck-worker']) {
        const deployment = pick<{ spec: { template: { spec: { containers: { env: unknown[] }[] } } } }>(
          rendered,
          `Deployment/netcheck/${name}`,
        );
        expect(deployment.spec.template.spec.containers[0]?.env).toContainEqual({
          name: 'REDIS_URL',
          valueFrom: { secretKeyRef: { name: 'netcheck-redis', key: 'REDIS_URL' } },
        });
      }
    });

    it('the components combine: external Redis in debug-pod mode', async () => {
      // An operator's own overlay, outside the repository: kustomize loads other kustomizations from anywhere.
      const dir = mkdtempSync(join(tmpdir(), 'netcheck-overlay-'));
      const deploy = relative(dir, join(repoRoot, 'deploy'));
      try {
        writeFileSync(
          join(dir, 'kustomization.yaml'),
          `resources: [${deploy}/bot]\ncomponents: [${deploy}/components/external-redis, ${deploy}/components/no-agent]\n`,
        );
        const rendered = kustomize(relative(repoRoot, dir));
        const kinds = rendered.map(key);
        expect(kinds).not.toContain('StatefulSet/netcheck/netcheck-redis');
        expect(kinds).not.toContain('DaemonSet/netcheck/netcheck-agent');
        const config = pick<{ data: Record<string, string> }>(rendered, 'ConfigMap/netcheck/netcheck-bot');
        expect(config.data.NETCHECK_EXEC_MODE).toBe('debug-pod');
        for (const o of rendered) expect(await schemaErrors(o)).toEqual([]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);
