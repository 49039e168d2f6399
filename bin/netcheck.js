#!/usr/bin/env -S node --max-semi-space-size=1
// The young generation is capped at 1 MiB: a 1M-line `conntrack -L` then peaks near 61 MB instead of 65-68 MB, at
// the same speed (bench/README.md). `node bin/netcheck.js` runs without the cap; so does a system whose `env` lacks
// -S (busybox): there, run `node --max-semi-space-size=1 bin/netcheck.js` or set it in NODE_OPTIONS.
import '../dist/bin.js';
