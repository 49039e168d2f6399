import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import type { IClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import type { IPolicyRule } from 'kubernetes-models/rbac.authorization.k8s.io/v1/PolicyRule';
import type { IRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import type { IRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { describe, expect, it } from 'vitest';
import { findObject, objectsOfKind } from './find-object.js';
import { repoRoot } from './load-manifests.js';

const reader = findObject<IClusterRole>('ClusterRole', 'netcheck-node-reader');
const runner = findObject<IRole>('Role', 'netcheck-runner');
const roles = [...objectsOfKind<IClusterRole>('ClusterRole'), ...objectsOfKind<IRole>('Role')];
const allRules: IPolicyRule[] = roles.flatMap((r) => r.rules ?? []);

/** The verbs a role grants on one core resource, sorted (a missing resource gives []). */
function verbs(rules: IPolicyRule[] | undefined, resource: string): string[] {
  return (rules ?? [])
    .filter((r) => r.apiGroups?.includes('') && r.resources?.includes(resource))
    .flatMap((r) => r.verbs)
    .sort();
}

describe('RBAC: least privilege for the bot', () => {
  it('grants only the two roles netcheck needs', () => {
    expect(roles.map((r) => `${r.kind}/${r.metadata?.name}`).sort()).toEqual([
      'ClusterRole/netcheck-node-reader',
      'Role/netcheck-runner',
    ]);
  });

  it('pods/exec: exactly get (WebSocket exec is a GET) and create (checked too since 1.35; SPDY is a POST)', () => {
    expect(verbs(runner.rules, 'pods/exec')).toEqual(['create', 'get']);
    expect(verbs(reader.rules, 'pods/exec')).toEqual([]);
  });

  it('pods in netcheck namespace: create, delete, get, list, watch; no update or patch', () => {
    expect(runner.metadata?.namespace).toBe('netcheck');
    expect(verbs(runner.rules, 'pods')).toEqual(['create', 'delete', 'get', 'list', 'watch']);
  });

  it('cluster-wide: get and list nodes, list pods (for spec.nodeName field selectors), nothing else', () => {
    expect(verbs(reader.rules, 'nodes')).toEqual(['get', 'list']);
    expect(verbs(reader.rules, 'pods')).toEqual(['list']);
    expect(reader.rules?.flatMap((r) => r.resources ?? []).sort()).toEqual(['nodes', 'pods']);
    expect(reader.aggregationRule).toBeUndefined();
  });

  it('uses no wildcard, no non-core API group, no resourceNames loophole and no non-resource URL', () => {
    for (const rule of allRules) {
      expect(rule.verbs).not.toContain('*');
      expect(rule.resources).not.toContain('*');
      expect(rule.apiGroups).toEqual(['']);
      expect(rule.nonResourceURLs).toBeUndefined();
      expect(rule.resourceNames).toBeUndefined();
    }
  });

  it('never reads Secrets or ConfigMaps, and cannot escalate, impersonate, bind or attach', () => {
    const resources = allRules.flatMap((r) => r.resources ?? []);
    for (const forbidden of ['secrets', 'configmaps', 'pods/attach', 'pods/ephemeralcontainers', 'nodes/proxy']) {
      expect(resources).not.toContain(forbidden);
    }
    const granted = allRules.flatMap((r) => r.verbs);
    for (const forbidden of ['escalate', 'impersonate', 'bind', 'update', 'patch', 'deletecollection']) {
      expect(granted).not.toContain(forbidden);
    }
  });

  it('binds both roles to the bot ServiceAccount netcheck/netcheck only', () => {
    const crb = findObject<IClusterRoleBinding>('ClusterRoleBinding', 'netcheck-node-reader');
    const rb = findObject<IRoleBinding>('RoleBinding', 'netcheck-runner');
    const bot = [{ kind: 'ServiceAccount', name: 'netcheck', namespace: 'netcheck' }];
    expect(crb.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'netcheck-node-reader',
    });
    expect(crb.subjects).toEqual(bot);
    expect(rb.metadata?.namespace).toBe('netcheck');
    expect(rb.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'netcheck-runner' });
    expect(rb.subjects).toEqual(bot);
  });

  it('gives the agent an identity with no token and no binding', () => {
    const agent = findObject<IServiceAccount>('ServiceAccount', 'netcheck-agent');
    expect(agent.automountServiceAccountToken).toBe(false);
    const bound = [
      ...objectsOfKind<IRoleBinding>('RoleBinding'),
      ...objectsOfKind<IClusterRoleBinding>('ClusterRoleBinding'),
    ].flatMap((b) => b.subjects ?? []);
    expect(bound.map((s) => s.name)).not.toContain('netcheck-agent');
  });
});

describe('deploy/README.md explains every verb', () => {
  it('lists exactly the resource/verb pairs rbac.yaml grants, in its "RBAC, verb by verb" table', () => {
    const readme = readFileSync(join(repoRoot, 'deploy/README.md'), 'utf8');
    const section = readme.slice(
      readme.indexOf('## RBAC, verb by verb'),
      readme.indexOf('\n## ', readme.indexOf('## RBAC')),
    );
    const documented = new Set<string>();
    for (const row of section.matchAll(/^\|[^|]*\| `([a-z/]+)` \| ((?:`[a-z]+`(?:, )?)+) \|/gm)) {
      for (const verb of row[2]!.matchAll(/`([a-z]+)`/g)) documented.add(`${row[1]}:${verb[1]}`);
    }
    const granted = new Set(
      allRules.flatMap((r) => (r.resources ?? []).flatMap((res) => r.verbs.map((v) => `${res}:${v}`))),
    );
    expect([...documented].sort()).toEqual([...granted].sort());
  });
});
