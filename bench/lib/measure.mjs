// Timing and memory helpers: child processes timed from outside, peak RSS read from inside the measured process.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REPORT_RSS = new URL('./report-rss.mjs', import.meta.url).pathname;

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs a command to completion; returns wall time (ms, measured around the child), exit code and output.
 * `feed(stdin)` may write the child's stdin (it must end it). With `rss: true` the command must be `node` or a
 * Node script run directly (`bin/netcheck.js`, through its shebang): the preload, given as `--import` or in
 * NODE_OPTIONS, reports the child's own peak RSS.
 */
export async function run(command, args, { feed, rss = false, env = {}, keepStdout = true } = {}) {
  const rssFile = join(tmpdir(), `netcheck-bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const direct = rss && command !== process.execPath && command !== 'node';
  const fullArgs = rss && !direct ? ['--import', REPORT_RSS, ...args] : args;
  const preload = direct ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${REPORT_RSS}`.trim() } : {};
  const start = performance.now();
  const child = spawn(command, fullArgs, {
    stdio: [feed ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, ...preload, ...(rss ? { NETCHECK_BENCH_RSS_FILE: rssFile } : {}) },
  });
  const out = [];
  const err = [];
  child.stdout.on('data', (d) => {
    if (keepStdout) out.push(d);
  });
  child.stderr.on('data', (d) => err.push(d));
  const closed = once(child, 'close');
  let fed;
  if (feed) {
    child.stdin.on('error', () => {}); // EPIPE when the child stops reading early: its exit code tells why
    fed = feed(child.stdin).catch(() => {});
  }
  const [code] = await closed;
  const ms = performance.now() - start;
  await fed;
  let peakKiB;
  if (rss) {
    try {
      peakKiB = Number(readFileSync(rssFile, 'utf8'));
    } catch {
      peakKiB = undefined;
    }
    rmSync(rssFile, { force: true });
  }
  return { ms, code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), peakKiB };
}

/** Runs `times` times and returns the run with the median wall time (peak RSS: the largest seen). */
export async function medianRun(times, command, args, options) {
  const runs = [];
  for (let i = 0; i < times; i++) {
    const result = await run(command, args, options);
    if (result.code !== 0 && !options?.allowFailure) {
      throw new Error(`${command} ${args.join(' ')} exited ${result.code}: ${result.stderr.slice(0, 500)}`);
    }
    runs.push(result);
  }
  const ms = median(runs.map((r) => r.ms));
  const peaks = runs.map((r) => r.peakKiB).filter((v) => v !== undefined);
  return { ...runs[0], ms, runs: runs.map((r) => r.ms), peakKiB: peaks.length ? Math.max(...peaks) : undefined };
}

export const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
export const mib = (kib) => (kib === undefined ? '? MB' : `${Math.round(kib / 1024)} MB`);
