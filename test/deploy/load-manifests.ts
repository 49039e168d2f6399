import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const repoRoot = new URL('../../', import.meta.url).pathname;
export const deployDir = join(repoRoot, 'deploy');

/** A Kubernetes object as read from YAML: only the type meta is known. */
export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
};

export interface ManifestFile {
  /** Path relative to the repository root. */
  file: string;
  objects: K8sObject[];
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? yamlFiles(join(dir, d.name)) : /\.ya?ml$/.test(d.name) ? [join(dir, d.name)] : [],
  );
}

/** Parses a multi-document YAML text strictly (duplicate keys and syntax errors throw); empty documents are dropped. */
export function parseObjects(text: string, source: string): K8sObject[] {
  return parseAllDocuments(text, { uniqueKeys: true, prettyErrors: true }).flatMap((doc) => {
    if (doc.errors.length > 0) throw new Error(`${source}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) return [];
    return [value as K8sObject];
  });
}

/**
 * Folders of deploy/ that hold monitoring configuration rather than objects for the Kubernetes schemas: Prometheus
 * rule files (and the Prometheus Operator's PrometheusRule, a custom resource with no schema here) and Alertmanager's
 * configuration, checked by promtool and amtool instead (test/deploy/alert-rules.test.ts).
 */
export const MONITORING_DIRS = ['deploy/prometheus/', 'deploy/alertmanager/'];

/** Every YAML file under deploy/ but MONITORING_DIRS, Kustomizations included (objects too, of kustomize's API). */
export function loadManifestFiles(): ManifestFile[] {
  return yamlFiles(deployDir)
    .filter((path) => !MONITORING_DIRS.some((dir) => relative(repoRoot, path).startsWith(dir)))
    .sort()
    .map((path) => ({ file: relative(repoRoot, path), objects: parseObjects(readFileSync(path, 'utf8'), path) }));
}

/** Directories under deploy/ whose kustomization.yaml is of KIND, relative to the repository root. */
function dirsOf(kind: 'Kustomization' | 'Component'): string[] {
  return loadManifestFiles()
    .filter((m) => m.file.endsWith('/kustomization.yaml') && m.objects[0]?.kind === kind)
    .map((m) => m.file.slice(0, -'/kustomization.yaml'.length));
}

/** Directories under deploy/ that `kubectl apply -k` installs (a Kustomization), relative to the repository root. */
export function kustomizationDirs(): string[] {
  return dirsOf('Kustomization');
}

/** Directories under deploy/ holding a kustomize Component, which only a Kustomization can include. */
export function componentDirs(): string[] {
  return dirsOf('Component');
}

/** Why `kubectl kustomize` cannot run here, or undefined when it can. */
export function noKubectl(): string | undefined {
  const r = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8', timeout: 20_000 });
  return r.status === 0 ? undefined : 'kubectl is not installed';
}

/** `kubectl kustomize DIR`: offline, no cluster or kubeconfig involved. */
export function kustomize(dir: string): K8sObject[] {
  const r = spawnSync('kubectl', ['kustomize', join(repoRoot, dir)], {
    encoding: 'utf8',
    timeout: 30_000,
    // An empty kubeconfig path makes sure no cluster is ever contacted.
    env: { ...process.env, KUBECONFIG: '/dev/null' },
  });
  if (r.status !== 0) throw new Error(`kubectl kustomize ${dir} failed: ${r.stderr || r.error}`);
  return parseObjects(r.stdout, `kubectl kustomize ${dir}`);
}

export function key(o: K8sObject): string {
  return `${o.kind}/${o.metadata.namespace ?? '-'}/${o.metadata.name}`;
}
