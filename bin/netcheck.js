#!/usr/bin/env -S node --max-semi-space-size=1 --v8-pool-size=1
// The young generation is capped at 1 MiB, and V8 gets one background thread instead of four: a 1M-line
// `conntrack -L` then peaks near 60 MB instead of 63-68 MB, and runs faster on a small node (bench/README.md).
// `node bin/netcheck.js` runs without these flags; so does a system whose `env` lacks -S (busybox): there, run
// `node --max-semi-space-size=1 --v8-pool-size=1 bin/netcheck.js` or set them in NODE_OPTIONS.
// dist/netcheck.mjs is the CLI bundled into one module (`npm run build`): it starts faster than dist/cli.js.
import { main } from '../dist/netcheck.mjs';

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  // A getter: `analyze FILE` never touches stdin, so its stream is never set up.
  get stdin() {
    return process.stdin;
  },
  env: process.env,
});
