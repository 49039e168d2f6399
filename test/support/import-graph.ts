// The import graph of src/: every relative import and package import of every .ts file, the layer each folder belongs
// to, and the rules between layers (which layers a layer may use, adapters never using each other, the core free of
// I/O modules and platform packages, no cycle between folders). test/docs/layering.test.ts checks src/ against them.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export type Layer = 'core' | 'resources' | 'app' | 'adapters' | 'main' | 'cli';

/** Which layers each layer may import (itself included). */
export const ALLOWED: Record<Layer, readonly Layer[]> = {
  core: ['core'],
  resources: ['core', 'resources'],
  app: ['core', 'app'],
  adapters: ['core', 'resources', 'app', 'adapters'],
  main: ['core', 'resources', 'app', 'adapters', 'main'],
  cli: ['core', 'resources', 'app', 'adapters', 'main', 'cli'],
};

/** The pure core: the diagnosis engine and the bot's pure rules. */
export const CORE_FOLDERS = [
  'domain',
  'input',
  'parse',
  'analyze',
  'render',
  'alerts',
  'incident',
  'chatops',
  'exec',
  'crosscheck',
  'sweep',
] as const;

/** Node modules the core may not import: file system, network, processes, the OS, threads. */
export const CORE_FORBIDDEN_NODE =
  /^node:(fs|fs\/promises|net|http|https|http2|tls|dgram|dns|child_process|cluster|os|worker_threads|readline|process|v8|vm|inspector)$/;
/** Packages only adapters (and the composition root) may import. */
export const PLATFORM_PACKAGES =
  /^(@slack\/|bullmq$|ioredis$|@kubernetes\/client-node|pino$|prom-client$|ws$|@resvg\/)/;

export interface ImportEdge {
  /** The importing file, relative to src/. */
  from: string;
  /** A file relative to src/ for relative imports, else the package or node: specifier. */
  to: string;
  external: boolean;
}

/** The folder a file belongs to: `adapters/<technology>`, a top-level folder, or the file itself at the top. */
export function folderOf(file: string): string {
  const parts = file.split('/');
  if (parts.length === 1) return parts[0] as string;
  if (parts[0] === 'adapters' && parts.length > 2) return `adapters/${parts[1]}`;
  return parts[0] as string;
}

/** The layer of a folder (see folderOf); undefined for a folder the table does not know. */
export function layerOf(folder: string): Layer | undefined {
  if ((CORE_FOLDERS as readonly string[]).includes(folder) || folder === 'diagnose.ts') return 'core';
  if (folder === 'collector') return 'resources';
  if (folder === 'app') return 'app';
  if (folder.startsWith('adapters/')) return 'adapters';
  if (folder === 'main') return 'main';
  if (folder === 'cli' || folder === 'cli.ts') return 'cli';
  return undefined;
}

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every import of one file's text (static, re-exports and dynamic `import('…')`). */
export function importsOf(file: string, text: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const spec = match[1] ?? match[2];
    if (!spec) continue;
    if (spec.startsWith('.')) {
      const target = join(dirname(file), spec).replace(/\.js$/, '.ts');
      edges.push({ from: file, to: target, external: false });
    } else edges.push({ from: file, to: spec, external: true });
  }
  return edges;
}

/** The import edges of every .ts file under `srcDir`. */
export function readImportGraph(srcDir: string): ImportEdge[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
      d.isDirectory() ? walk(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
    );
  return walk(srcDir).flatMap((path) =>
    importsOf(relative(srcDir, path), readFileSync(path, 'utf8')).map((e) => ({
      ...e,
      to: e.external ? e.to : relative(srcDir, resolve(srcDir, e.to)),
    })),
  );
}

/** Every edge the rules forbid, as readable lines (`from → to: why`). */
export function layeringViolations(edges: readonly ImportEdge[]): string[] {
  const out: string[] = [];
  for (const edge of edges) {
    const fromFolder = folderOf(edge.from);
    const fromLayer = layerOf(fromFolder);
    if (!fromLayer) {
      out.push(`${edge.from}: folder ${fromFolder} has no layer`);
      continue;
    }
    if (edge.external) {
      if (fromLayer === 'core' && CORE_FORBIDDEN_NODE.test(edge.to))
        out.push(`${edge.from} → ${edge.to}: the core does no I/O`);
      if ((fromLayer === 'core' || fromLayer === 'app') && PLATFORM_PACKAGES.test(edge.to))
        out.push(`${edge.from} → ${edge.to}: only adapters use platform packages`);
      continue;
    }
    const toFolder = folderOf(edge.to);
    const toLayer = layerOf(toFolder);
    if (!toLayer) out.push(`${edge.from} → ${edge.to}: folder ${toFolder} has no layer`);
    else if (!ALLOWED[fromLayer].includes(toLayer))
      out.push(`${edge.from} → ${edge.to}: ${fromLayer} may not use ${toLayer}`);
    else if (fromLayer === 'adapters' && toLayer === 'adapters' && fromFolder !== toFolder)
      out.push(`${edge.from} → ${edge.to}: an adapter never uses another adapter`);
  }
  return out;
}

/** Cycles between folders (each as `a → b → … → a`), from the folder graph of the relative edges. */
export function folderCycles(edges: readonly ImportEdge[]): string[] {
  const next = new Map<string, Set<string>>();
  for (const edge of edges) {
    if (edge.external) continue;
    const a = folderOf(edge.from);
    const b = folderOf(edge.to);
    if (a === b) continue;
    if (!next.has(a)) next.set(a, new Set());
    next.get(a)?.add(b);
  }
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (folder: string): void => {
    state.set(folder, 'open');
    path.push(folder);
    for (const to of [...(next.get(folder) ?? [])].sort()) {
      if (state.get(to) === 'open') cycles.push([...path.slice(path.indexOf(to)), to].join(' → '));
      else if (!state.has(to)) visit(to);
    }
    path.pop();
    state.set(folder, 'done');
  };
  for (const folder of [...next.keys()].sort()) if (!state.has(folder)) visit(folder);
  return cycles;
}
