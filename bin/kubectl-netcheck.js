#!/usr/bin/env node
// The kubectl plugin: on PATH, `kubectl netcheck node-7 [options]` runs `netcheck collect node-7 [options]` and
// `kubectl netcheck --all` sweeps the cluster; `kubectl netcheck analyze FILE` and the other commands pass through.
// kubectl passes the environment on (KUBECONFIG), so the plugin talks to the cluster kubectl would.
import { main } from '../dist/netcheck.mjs';

const COMMANDS = new Set(['analyze', 'collect', 'collector', 'help', '--help', '-h', '--version', '-V']);
const args = process.argv.slice(2);
const argv = args.length > 0 && COMMANDS.has(args[0]) ? args : ['collect', ...args];
process.exitCode = await main(argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});
