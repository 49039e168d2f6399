// What `netcheck doctor` checks is what deploy/base/rbac.yaml grants: every permission netcheck needs (either exec
// mode) is granted at its scope, and the RBAC grants nothing netcheck does not need.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { permissionText, requiredPermissions } from '../../../src/adapters/k8s/required-permissions.js';

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}
const root = new URL('../../../', import.meta.url).pathname;
const objects = parseAllDocuments(readFileSync(join(root, 'deploy/base/rbac.yaml'), 'utf8')).map(
  (d) => d.toJS() as { kind: string; rules?: Rule[] },
);
const grants = (kind: string) =>
  new Set(
    objects
      .filter((o) => o.kind === kind)
      .flatMap((o) => o.rules ?? [])
      .flatMap((r) => r.resources.flatMap((resource) => r.verbs.map((verb) => `${verb} ${resource}`))),
  );

describe('required permissions and deploy/base/rbac.yaml', () => {
  const all = [...requiredPermissions('agent'), ...requiredPermissions('debug-pod')];

  it('grants every permission netcheck needs, at its scope', () => {
    const cluster = grants('ClusterRole');
    const namespaced = grants('Role');
    for (const p of all) {
      const granted = p.scope === 'cluster' ? cluster : new Set([...cluster, ...namespaced]);
      expect(granted.has(permissionText(p)), `${permissionText(p)} (${p.scope})`).toBe(true);
    }
  });

  it('grants nothing netcheck does not need', () => {
    const needed = new Set(all.map(permissionText));
    for (const grant of [...grants('ClusterRole'), ...grants('Role')]) expect(needed.has(grant), grant).toBe(true);
  });

  it('asks more of debug-pod mode than of agent mode: creating, deleting and watching pods', () => {
    const agent = new Set(requiredPermissions('agent').map(permissionText));
    const extra = requiredPermissions('debug-pod')
      .map(permissionText)
      .filter((p) => !agent.has(p));
    expect(extra.sort()).toEqual(['create pods', 'delete pods', 'watch pods']);
  });
});
