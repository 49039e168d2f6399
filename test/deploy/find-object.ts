import { type K8sObject, key, loadManifestFiles } from './load-manifests.js';

const all: K8sObject[] = loadManifestFiles()
  .filter((m) => !m.file.endsWith('/kustomization.yaml'))
  .flatMap((m) => m.objects);

/** The one object of KIND named NAME under deploy/, typed by the caller (its schema is checked in manifests.test). */
export function findObject<T>(kind: string, name: string): T {
  const found = all.filter((o) => o.kind === kind && o.metadata.name === name);
  if (found.length !== 1)
    throw new Error(`expected one ${kind} ${name} under deploy/, found ${found.map(key).join(', ')}`);
  return found[0] as T;
}

export function objectsOfKind<T>(kind: string): T[] {
  return all.filter((o) => o.kind === kind) as T[];
}
