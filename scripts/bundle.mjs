// Bundles the CLI (src/cli.ts, exporting `main`) into dist/netcheck.mjs, which bin/netcheck.js and
// bin/kubectl-netcheck.js load: one file instead of ~120 modules makes start-up shorter. The Kubernetes adapters, imported lazily for cluster commands, go to chunks of their own next
// to it, and @kubernetes/client-node and ws stay external (loaded from node_modules only by those chunks). So does
// @resvg/resvg-js (a native addon, loaded by `netcheck serve`'s chart rendering).
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const COLLECTOR = "new URL('./collector.sh', import.meta.url)";

/** The bundle lives in dist/, not dist/collector/: collector.sh is found at dist/collector/collector.sh. */
const collectorPath = {
  name: 'collector-path',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]collector[\\/]collector-script\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (source.split(COLLECTOR).length !== 2) throw new Error(`collector-script.ts: expected ${COLLECTOR} once`);
      return {
        contents: source.replace(COLLECTOR, "new URL('./collector/collector.sh', import.meta.url)"),
        loader: 'ts',
      };
    });
  },
};

// Chunk names carry a content hash: the previous build's chunks are removed first.
for (const name of readdirSync('dist')) if (/^netcheck.*\.mjs(\.map)?$/.test(name)) rmSync(`dist/${name}`);

await build({
  entryPoints: { netcheck: 'src/cli.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'netcheck-[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['@kubernetes/client-node', 'ws', '@resvg/resvg-js'],
  // commander is CommonJS: its `require('node:events')` and the like need a `require` in an ES module.
  banner: {
    js: "import { createRequire as __netcheckRequire } from 'node:module';\nconst require = __netcheckRequire(import.meta.url);",
  },
  plugins: [collectorPath],
  logLevel: 'warning',
});
