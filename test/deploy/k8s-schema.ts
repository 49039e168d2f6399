import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type K8sObject, repoRoot } from './load-manifests.js';

// Validation against the Kubernetes OpenAPI schemas shipped by kubernetes-models: its `validate()` checks types,
// required fields and formats but lets unknown fields through (a typo such as `hostNetworks: true` would pass and be
// dropped by the API server), so unknown fields are found separately from the same package's type declarations.

const nodeModules = join(repoRoot, 'node_modules');
const modelsRoot = join(nodeModules, 'kubernetes-models');

type Model = new (data: unknown) => { validate(): void };

/** kubernetes-models path of a kind: the core group under v1/, the others under GROUP/VERSION/. */
function modelPath(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? `${apiVersion}/${kind}` : `${apiVersion.slice(0, slash)}/${apiVersion.slice(slash + 1)}/${kind}`;
}

async function loadModel(apiVersion: string, kind: string): Promise<Model | undefined> {
  const path = modelPath(apiVersion, kind);
  if (!/^[a-z0-9.]+\/(v[0-9a-z]+\/)?[A-Z][A-Za-z]+$/.test(path) || !existsSync(join(modelsRoot, `${path}.mjs`))) {
    return undefined;
  }
  const mod = (await import(`kubernetes-models/${path}`)) as Record<string, unknown>;
  return mod[kind] as Model | undefined;
}

/** The fields of one declared interface; a field maps to the declaration file of its object type, if it has one. */
type Fields = Map<string, string | undefined>;
const declarations = new Map<string, Fields | undefined>();

function resolveImport(from: string, specifier: string): string {
  return specifier.startsWith('.') ? join(dirname(from), `${specifier}.d.ts`) : join(nodeModules, `${specifier}.d.ts`);
}

/** Reads the interface declared in FILE; undefined for scalar aliases (Quantity, IntOrString, Time). */
function fieldsOf(file: string): Fields | undefined {
  if (declarations.has(file)) return declarations.get(file);
  const text = readFileSync(file, 'utf8');
  const imports = new Map<string, string>();
  for (const m of text.matchAll(/^import \{ (\w+) \} from "([^"]+)";$/gm))
    imports.set(m[1]!, resolveImport(file, m[2]!));
  const start = text.search(/^export interface I\w+ (extends \w+ )?\{$/m);
  let fields: Fields | undefined;
  if (start >= 0) {
    const body = text.slice(start, text.indexOf('\n}', start));
    fields = new Map();
    for (const m of body.matchAll(/^ {4}"([^"]+)"\??: (.+?);?$/gm)) {
      const type = m[2]!;
      const ref = type.startsWith('{') ? undefined : /\bIIoK8s\w+/.exec(type)?.[0];
      fields.set(m[1]!, ref ? imports.get(ref) : undefined);
    }
  }
  declarations.set(file, fields);
  return fields;
}

function unknownFields(value: unknown, file: string, path: string, out: string[]): void {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) unknownFields(item, file, `${path}[${i}]`, out);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const fields = fieldsOf(file);
  if (!fields) return;
  for (const [name, child] of Object.entries(value)) {
    if (!fields.has(name)) out.push(`${path}.${name}: unknown field`);
    else {
      const childFile = fields.get(name);
      if (childFile) unknownFields(child, childFile, `${path}.${name}`, out);
    }
  }
}

/** Schema errors of one object (empty when valid): no such kind, schema violations, unknown fields. */
export async function schemaErrors(object: K8sObject): Promise<string[]> {
  const where = `${object.kind}/${object.metadata?.name}`;
  const model = await loadModel(String(object.apiVersion), String(object.kind));
  if (!model) return [`${where}: no schema for ${object.apiVersion} ${object.kind}`];
  const errors: string[] = [];
  try {
    new model(object).validate();
  } catch (error) {
    errors.push(`${where}: ${(error as Error).message}`);
  }
  const unknown: string[] = [];
  unknownFields(object, join(modelsRoot, `${modelPath(object.apiVersion, object.kind)}.d.ts`), where, unknown);
  return [...errors, ...unknown];
}
