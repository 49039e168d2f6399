import { describe, expect, it } from 'vitest';
import { schemaErrors } from './k8s-schema.js';
import {
  type K8sObject,
  key,
  kustomizationDirs,
  kustomize,
  loadManifestFiles,
  noKubectl,
  parseObjects,
} from './load-manifests.js';

const files = loadManifestFiles();
const manifests = files.filter((m) => !m.file.endsWith('/kustomization.yaml'));
const objects = manifests.flatMap((m) => m.objects);
const inDir = (dir: string) => manifests.filter((m) => m.file.startsWith(`${dir}/`)).flatMap((m) => m.objects);
const baseObjects = inDir('deploy/base');
const missingKubectl = noKubectl();

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
  it('exist: namespace, service accounts, RBAC, priority class, the agent DaemonSet, the bot and its Redis', () => {
    expect(objects.map(key).sort()).toEqual(
      [
        'ConfigMap/netcheck/netcheck-bot',
        'Deployment/netcheck/netcheck-bot',
        'Deployment/netcheck/netcheck-redis',
        'Service/netcheck/netcheck-bot',
        'Service/netcheck/netcheck-redis',
        'ClusterRole/-/netcheck-node-reader',
        'ClusterRoleBinding/-/netcheck-node-reader',
        'DaemonSet/netcheck/netcheck-agent',
        'Namespace/-/netcheck',
        'PriorityClass/-/netcheck-node-agent',
        'Role/netcheck/netcheck-runner',
        'RoleBinding/netcheck/netcheck-runner',
        'ServiceAccount/netcheck/netcheck',
        'ServiceAccount/netcheck/netcheck-agent',
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
    it('finds the base, the bot and the no-agent overlay', () => {
      expect(kustomizationDirs().sort()).toEqual(['deploy/base', 'deploy/bot', 'deploy/overlays/no-agent']);
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

    it('deploy/bot renders the base plus the bot, its settings and Redis, unchanged, each passing the schemas', async () => {
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
          .filter((k) => !/^(DaemonSet|PriorityClass)\/|netcheck-agent$/.test(k))
          .sort(),
      );
      for (const o of rendered) expect(await schemaErrors(o)).toEqual([]);
    });
  },
);
