#!/usr/bin/env node
// netcheck benchmarks: each case is measured against a baseline in the same run and checked against its target.
// Usage: npm run bench [-- --only=conntrack,iptables,report,stream,sweep,intake] [--investigate] [--no-build]
// Exits 1 when a target fails or a case cannot be measured. See bench/README.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { conntrackBlocks, writeConntrackFile } from './lib/conntrack-gen.mjs';
import { iptablesSave } from './lib/iptables-gen.mjs';
import { median, medianRun, mib, run, seconds } from './lib/measure.mjs';
import { createRandom } from './lib/prng.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
process.chdir(ROOT);
const DATA = 'bench/data';
const NODE = process.execPath;
/** netcheck as users run it: the executable script, through its shebang (with the Node flags it ships). */
const CLI = `${ROOT}bin/netcheck.js`;
const PARSE_FILE = 'bench/child/parse-file.mjs';
const SAMPLE_REPORT = 'bench/sample-report.txt';
const SWEEP = 'bench/sweep.mjs';
const INTAKE = 'bench/intake.mjs';
const RUNS = 5;

const argv = process.argv.slice(2);
const only = argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const investigate = argv.includes('--investigate');
const wanted = (name) => !only || only.includes(name);

/** Result rows: `pass` is true/false against a target, or undefined for information only. */
const rows = [];
const row = (text, pass) => {
  rows.push({ text, pass });
  console.log(`  ${text}`);
};
const verdict = (ok) => (ok ? 'PASS' : 'FAIL');

function sizeMb(path) {
  return `${Math.round(statSync(path).size / 1e6)} MB`;
}
function times(a, b) {
  return `×${(a / b).toFixed(1)}`;
}

build();
mkdirSync(DATA, { recursive: true });

if (wanted('conntrack')) await guard('conntrack-breakdown', conntrackBreakdown);
if (wanted('iptables')) await guard('iptables-save', iptablesCase);
if (wanted('report')) await guard('collector-report', reportCase);
if (wanted('stream')) await guard('streaming', streamingCase);
if (wanted('sweep')) await guard('sweep', sweepCase);
if (wanted('intake')) await guard('intake', intakeCase);

console.log('\nnetcheck benchmarks');
for (const r of rows) console.log(`${r.pass === false ? '✗' : r.pass === true ? '✓' : ' '} ${r.text}`);
const failed = rows.filter((r) => r.pass === false).length;
console.log(failed ? `\n${failed} target(s) failed or could not be measured` : '\nall targets met');
process.exitCode = failed ? 1 : 0;

// ---------------------------------------------------------------------------------------------------------------

function build() {
  if (argv.includes('--no-build')) return;
  const result = spawnSync('npm', ['run', 'build'], { encoding: 'utf8' });
  if (result.status !== 0) {
    console.warn(`npm run build failed (exit ${result.status}); measuring the existing dist/ if it is usable:`);
    console.warn(`${result.stdout}${result.stderr}`.trim().split('\n').slice(-8).join('\n'));
  }
  for (const file of [
    'dist/bin.js',
    'dist/diagnose.js',
    'dist/parse/parsers.js',
    'dist/input/read-lines.js',
    'dist/sweep/sweep-nodes.js',
  ]) {
    if (!existsSync(file)) {
      console.error(`${file} is missing: run npm run build and fix what it reports`);
      process.exit(1);
    }
  }
}

async function guard(name, fn) {
  console.log(`\n${name}`);
  try {
    await fn();
  } catch (error) {
    row(`${name}: could not be measured: ${error instanceof Error ? error.message : String(error)}`, false);
  }
}

/** Creates a generated data file once (deterministic, so it is reused across runs). */
async function ensure(path, make) {
  if (existsSync(path) && statSync(path).size > 0) return path;
  console.log(`  generating ${path} ...`);
  const tmp = `${path}.tmp`;
  await make(tmp);
  renameSync(tmp, path);
  return path;
}

function childJson(result) {
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(
      `unexpected child output (exit ${result.code}): ${line.slice(0, 200)} ${result.stderr.slice(0, 300)}`,
    );
  }
}

async function conntrackBreakdown() {
  const lines = 1_000_000;
  const file = await ensure(`${DATA}/conntrack-L-${lines}-seed1.txt`, (p) => writeConntrackFile(p, lines, 1));
  await run('cat', [file], { keepStdout: false }); // page cache warm for every contender
  const wc = await medianRun(RUNS, 'wc', ['-l', file]);
  const awk = await medianRun(RUNS, 'sh', ['-c', `awk '{print $4}' "$1" | sort | uniq -c | sort -rn`, 'sh', file]);
  // The product path: `netcheck analyze --json FILE` computes the breakdown (and everything else) from the file.
  // Timed exactly as users run it; the peak RSS comes from separate runs, whose preload (`--import`) would add its
  // own start-up to the time.
  const cli = await medianRun(RUNS, CLI, ['analyze', '--json', file], { allowFailure: true });
  const memory = await medianRun(RUNS, CLI, ['analyze', '--json', file], { rss: true, allowFailure: true });
  cli.peakKiB = memory.peakKiB;
  const ratio = cli.ms / awk.ms;
  const rssMb = cli.peakKiB === undefined ? Infinity : cli.peakKiB / 1024;
  const okTime = cli.code === 0 && ratio <= 0.5;
  const okRss = rssMb <= 64;
  row(
    `conntrack-breakdown 1M lines (${sizeMb(file)}), netcheck analyze --json FILE (exit ${cli.code}): ${seconds(cli.ms)}, awk|sort|uniq ${seconds(awk.ms)}, ratio ${ratio.toFixed(2)} (target ≤ 0.5) ${verdict(okTime)}; wc -l ${seconds(wc.ms)} (${times(cli.ms, wc.ms)})`,
    okTime,
  );
  row(`conntrack-breakdown 1M lines: analyze peak RSS ${mib(cli.peakKiB)} (target ≤ 64) ${verdict(okRss)}`, okRss);
  console.log(`    detected [${safeDetected(cli.stdout)}]`);

  // Information: the parser alone on the byte lane (no analyzers, no CLI start-up beyond Node's).
  const ours = await medianRun(RUNS, NODE, [PARSE_FILE, 'conntrack-list', 'conntrack -L', file]);
  const inside = childJson(ours);
  row(
    `conntrack-list parser alone, byte lane (child/parse-file.mjs): ${seconds(ours.ms)} (ratio to awk ${(ours.ms / awk.ms).toFixed(2)}; in-process ${seconds(inside.ms)}), peak RSS ${mib(inside.maxRSSKiB)}`,
  );
  console.log(`    parser result: ${inside.summary.slice(0, 300)}`);

  if (investigate) await investigateConntrackRss(file);
}

async function investigateConntrackRss(file) {
  console.log('  investigation: peak RSS (median time) by node flags and read chunk size');
  const empty = await run(NODE, ['-e', ''], { rss: true });
  console.log(`    node -e "" (runtime alone): ${mib(empty.peakKiB)}`);
  const variants = [
    ['read lines only, 64 KiB chunks', [], '-', '64'],
    ['read lines only, 256 KiB chunks (the size analyze FILE reads)', [], '-', '256'],
    ['parser, 256 KiB, --max-semi-space-size=2', ['--max-semi-space-size=2'], 'conntrack-list', '256'],
    ['parser, 64 KiB chunks', [], 'conntrack-list', '64'],
    ['parser, 128 KiB chunks', [], 'conntrack-list', '128'],
    ['parser, 256 KiB chunks', [], 'conntrack-list', '256'],
    ['parser, 1 MiB chunks', [], 'conntrack-list', '1024'],
    ['parser, 256 KiB, --max-semi-space-size=1', ['--max-semi-space-size=1'], 'conntrack-list', '256'],
    ['parser, 256 KiB, --max-semi-space-size=16', ['--max-semi-space-size=16'], 'conntrack-list', '256'],
    ['parser, 64 KiB, --max-semi-space-size=1', ['--max-semi-space-size=1'], 'conntrack-list', '64'],
    ['parser, 64 KiB, --max-old-space-size=16', ['--max-old-space-size=16'], 'conntrack-list', '64'],
    ['parser, 64 KiB, --single-threaded', ['--single-threaded'], 'conntrack-list', '64'],
  ];
  for (const [label, flags, kind, chunk] of variants) {
    const result = await medianRun(RUNS, NODE, [...flags, PARSE_FILE, kind, 'conntrack -L', file, chunk]);
    const inside = childJson(result);
    console.log(`    ${label}: ${mib(inside.maxRSSKiB)}, ${seconds(result.ms)}`);
  }
}

function safeDetected(stdout) {
  try {
    return JSON.parse(stdout).detected.join(', ');
  } catch {
    return 'no JSON';
  }
}

async function iptablesCase() {
  const rules = 100_000;
  const file = await ensure(`${DATA}/iptables-save-${rules}-seed3.txt`, async (p) => {
    const { lines } = iptablesSave(rules, 3);
    writeFileSync(p, `${lines.join('\n')}\n`);
  });
  const services = iptablesSave(rules, 3).services;
  await run('cat', [file], { keepStdout: false });
  const wc = await medianRun(RUNS, 'wc', ['-l', file]);
  const cli = await medianRun(RUNS, CLI, ['analyze', '--json', file], { rss: true, allowFailure: true });
  const parse = await medianRun(RUNS, NODE, [PARSE_FILE, 'iptables-save', 'iptables-save', file]);
  const inside = childJson(parse);
  const ok = cli.code === 0 && cli.ms <= 1000;
  row(
    `iptables-save 100k rules (${services} services, ${sizeMb(file)}): analyze --json ${seconds(cli.ms)} (target ≤ 1 s, exit ${cli.code}) ${verdict(ok)}; parse alone ${seconds(parse.ms)} (in-process ${seconds(inside.ms)}); peak RSS ${mib(cli.peakKiB)}; wc -l ${seconds(wc.ms)} (${times(cli.ms, wc.ms)})`,
    ok,
  );
  console.log(`    detected [${safeDetected(cli.stdout)}]; parser result: ${inside.summary.slice(0, 300)}`);
}

async function reportCase() {
  if (!existsSync(SAMPLE_REPORT)) throw new Error(`${SAMPLE_REPORT} is missing (see bench/README.md)`);
  const text = readFileSync(SAMPLE_REPORT, 'utf8');
  const { diagnoseText } = await import(new URL('../dist/diagnose.js', import.meta.url).href);
  for (let i = 0; i < 10; i++) diagnoseText(text);
  const samples = [];
  let diagnosis;
  for (let i = 0; i < 50; i++) {
    const start = performance.now();
    diagnosis = diagnoseText(text);
    samples.push(performance.now() - start);
  }
  const ms = median(samples);
  const ok = ms <= 200;
  const sections = diagnosis.report.collector?.sections.length ?? 0;
  row(
    `collector report (${Math.round(text.length / 1024)} KB, ${text.split('\n').length} lines, ${sections} sections): diagnoseText ${ms.toFixed(1)} ms median of 50 warm runs (target ≤ 200 ms) ${verdict(ok)}`,
    ok,
  );
  console.log(`    detected [${diagnosis.detected.join(', ')}]; ${diagnosis.findings.length} findings`);
}

async function streamingCase() {
  const blocks = conntrackBlocks(11, 64, 1 << 20);
  const results = [];
  for (const [label, bytes] of [
    ['100 MB', 100e6],
    ['1 GB', 1e9],
  ]) {
    let sent = { bytes: 0, lines: 0 };
    const feed = async (stdin) => {
      sent = await writeBlocks(stdin, blocks, bytes);
    };
    const result = await medianRun(RUNS, CLI, ['analyze', '--json', '-'], {
      rss: true,
      feed,
      allowFailure: true,
    });
    const throughput = sent.bytes / 1e6 / (result.ms / 1000);
    results.push({ label, result, sent, throughput });
    const ok = result.peakKiB !== undefined && result.peakKiB / 1024 <= 200;
    row(
      `stream ${label} conntrack -L into analyze - (${(sent.lines / 1e6).toFixed(2)}M lines, exit ${result.code}): ${seconds(result.ms)}, ${Math.round(throughput)} MB/s; peak RSS ${mib(result.peakKiB)} (target ≤ 200) ${verdict(ok)}`,
      ok,
    );
    console.log(`    detected [${safeDetected(result.stdout)}]`);
  }
  const [small, large] = results;
  const growth = large.result.peakKiB / small.result.peakKiB;
  const ok = growth <= 1.25;
  row(
    `stream RSS independent of input size: 1 GB / 100 MB peak ratio ${growth.toFixed(2)} (target ≤ 1.25, input ×10) ${verdict(ok)}`,
    ok,
  );
}

/** 500 simulated nodes with a fixed exec latency through the real runner (a child process: bench/sweep.mjs). */
async function sweepCase() {
  const [nodes, concurrency, latencyMs] = [500, 20, 200];
  const result = await run(NODE, ['--expose-gc', SWEEP, String(nodes), String(concurrency), String(latencyMs)]);
  if (result.code !== 0) throw new Error(`${SWEEP} exited ${result.code}: ${result.stderr.slice(0, 500)}`);
  const r = childJson(result);
  const ratio = r.makespanMs / r.idealMs;
  const ok = ratio <= 1.2 && r.maxInFlight === concurrency && r.failed === 0;
  row(
    `sweep ${nodes} simulated nodes, concurrency ${concurrency}, ${latencyMs} ms exec each: makespan ${seconds(r.makespanMs)}, ideal ${seconds(r.idealMs)} (nodes ÷ concurrency × latency), ratio ${ratio.toFixed(2)} (target ≤ 1.2), at most ${r.maxInFlight} in flight, ${r.failed} failed ${verdict(ok)}`,
    ok,
  );
  row(
    `sweep ${nodes} nodes: peak RSS ${mib(r.maxRSSKiB)}; heap kept after the sweep ${(r.retainedKiB / 1024).toFixed(1)} MB (${(r.retainedKiB / nodes).toFixed(1)} KiB per node); CPU ${seconds(r.cpuMs)} (diagnosing ${nodes} reports); hotspots [${r.hotspots.join(', ')}]`,
  );
}

/**
 * `netcheck serve --role bot` under 2,000 Alertmanager deliveries/s for 10 s (bench/intake.mjs: a real process, a
 * private redis-server, the fake Slack, open-loop load on keep-alive connections). Three runs; the median p99 is
 * held to the target. The same load against a bare node:http server and redis-benchmark on the same Redis, in the
 * same run, say how busy this machine was.
 */
async function intakeCase() {
  const [rate, secs, warmup, runs] = [2000, 10, 2, 3];
  const results = [];
  for (let i = 0; i < runs; i++) {
    const result = await run(NODE, [INTAKE, String(rate), String(secs), String(warmup)]);
    if (result.code !== 0) throw new Error(`${INTAKE} exited ${result.code}: ${result.stderr.slice(0, 800)}`);
    const r = childJson(result);
    results.push(r);
    const ms = (v) => (v === undefined ? '?' : v.toFixed(1));
    console.log(
      `    run ${i + 1}: p50 ${ms(r.p50Ms)} ms, p99 ${ms(r.p99Ms)} ms, max ${ms(r.maxMs)} ms; event-loop delay p99 ${ms(r.serverEventLoopDelay.p99Ms)} ms; bare node:http p99 ${ms(r.bareHttp.p99Ms)} ms; redis-benchmark ${Math.round(r.redisBenchmark.rps)} SET/s p99 ${r.redisBenchmark.p99Ms} ms`,
    );
  }
  const mid = [...results].sort((a, b) => a.p99Ms - b.p99Ms)[results.length >> 1];
  const all200 = results.every((r) => r.statuses['200'] === r.requests);
  // Every `queued` answer is a job in Redis (the warm-up's deliveries included): 200 only once durably queued.
  const stored = results.every((r) => {
    const jobs = Object.values(r.jobs).reduce((a, b) => a + b, 0);
    return jobs >= (r.answers.queued ?? 0);
  });
  const ok = mid.p99Ms <= 50 && all200 && stored;
  row(
    `intake ${rate} Alertmanager deliveries/s for ${secs} s into netcheck serve --role bot (real Redis, keep-alive, median of ${runs}): p50 ${mid.p50Ms.toFixed(1)} ms, p99 ${mid.p99Ms.toFixed(1)} ms (target ≤ 50 ms), max ${mid.maxMs.toFixed(1)} ms; ${all200 ? 'every answer 200' : 'NOT every answer 200'}, ${stored ? 'every queued delivery in Redis' : 'queued deliveries MISSING from Redis'} ${verdict(ok)}`,
    ok,
  );
  row(
    `intake: server event-loop delay p99 ${mid.serverEventLoopDelay.p99Ms?.toFixed(1)} ms (max ${mid.serverEventLoopDelay.maxMs?.toFixed(1)}); CPU per delivery: server ${mid.serverCpuMsPerRequest.toFixed(3)} ms, redis-server ${mid.redisCpuMsPerRequest.toFixed(3)} ms, load generator ${mid.generatorCpuMsPerRequest.toFixed(3)} ms; ${mid.redisCommandsPerDelivery} Redis commands per delivery; ${mid.logLines} log lines; bodies ${mid.bodyBytes.mean} B mean, ${mid.bodyBytes.max} B max`,
  );
  row(
    `intake yardsticks (same run): a bare node:http server under the same load p50 ${mid.bareHttp.p50Ms.toFixed(1)} ms, p99 ${mid.bareHttp.p99Ms.toFixed(1)} ms (intake p99 ${times(mid.p99Ms, mid.bareHttp.p99Ms)}), ${mid.bareHttp.cpuMsPerRequest.toFixed(3)} ms CPU per request (intake ${times(mid.serverCpuMsPerRequest, mid.bareHttp.cpuMsPerRequest)}); redis-benchmark SET ${Math.round(mid.redisBenchmark.rps)}/s, p99 ${mid.redisBenchmark.p99Ms} ms (intake p99 ${times(mid.p99Ms, mid.redisBenchmark.p99Ms)})`,
  );
}

/** Writes whole pre-generated blocks in a seeded order until `bytes` are written; honours back-pressure. */
async function writeBlocks(stdin, blocks, bytes) {
  const random = createRandom(12);
  let written = 0;
  let lines = 0;
  while (written < bytes) {
    const block = blocks[Math.floor(random() * blocks.length)];
    written += block.buffer.length;
    lines += block.lines;
    if (stdin.destroyed) break; // the child stopped reading: its exit code says why
    if (!stdin.write(block.buffer)) {
      await new Promise((resolve) => {
        const done = () => {
          stdin.off('drain', done);
          stdin.off('close', done);
          resolve();
        };
        stdin.on('drain', done);
        stdin.on('close', done);
      });
    }
  }
  if (!stdin.destroyed) await new Promise((resolve) => stdin.end(resolve));
  return { bytes: written, lines };
}
