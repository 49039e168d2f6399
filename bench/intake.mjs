#!/usr/bin/env node
// The intake benchmark's child: `netcheck serve --role bot` (a process of its own, started as the container does:
// `node bin/netcheck.js`) on a private redis-server and the fake Slack, loaded open-loop with Alertmanager v4
// deliveries over keep-alive connections. Latency runs from each request's scheduled send time, so a stall also
// delays the requests behind it. The same load first goes to a bare node:http server (child/http-baseline.mjs):
// the floor of this machine at this moment; redis-benchmark on the same Redis is the other yardstick.
// Prints one JSON line: latency percentiles, the server's event-loop delay and CPU per request, Redis commands per
// delivery, the jobs in Redis, the log lines written, and both yardsticks.
// Usage: node bench/intake.mjs [rate=2000] [seconds=10] [warmupSeconds=2]
//   NETCHECK_BENCH_SERVE_FLAGS="--cpu-prof --cpu-prof-dir=prof" runs the server as `node FLAGS bin/netcheck.js`.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { alertmanagerGroups } from './lib/alertmanager-gen.mjs';
import { createLoadClient } from './lib/http-load.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const [rate = 2000, seconds = 10, warmupSeconds = 2] = process.argv.slice(2).map(Number);
const TOKEN = 'bench-alertmanager-token-0123456789';
const PREFIX = 'bench';
const children = [];
const work = mkdtempSync(join(tmpdir(), 'netcheck-intake-'));

process.on('exit', () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Spawns a child and resolves once `ready(stdout so far)` returns something truthy (or a string appears). */
function start(command, args, ready, options = {}) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${command} did not start:\n${out.slice(-2000)}`)), 20_000);
    const onData = (chunk) => {
      out += chunk.toString();
      const match = typeof ready === 'string' ? out.includes(ready) && out : ready(out);
      if (match) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve({ child, match });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => {
      out += chunk.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code}:\n${out.slice(-2000)}`));
    });
  });
}

const firstJsonLine = (out) => /^\{.*\}$/m.exec(out)?.[0];

function redisCli(port, ...args) {
  const result = spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`redis-cli ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** `INFO commandstats` as { command: calls } (commands inside Lua scripts included). */
function commandCalls(port) {
  const calls = {};
  for (const line of redisCli(port, 'INFO', 'commandstats').split('\n')) {
    const m = /^cmdstat_([^:]+):calls=(\d+)/.exec(line.trim());
    if (m) calls[m[1]] = Number(m[2]);
  }
  return calls;
}

/** redis-server's CPU time so far (seconds, user + system). */
function redisCpu(port) {
  const info = redisCli(port, 'INFO', 'cpu');
  const field = (name) => Number(new RegExp(`^${name}:([0-9.]+)`, 'm').exec(info)?.[1] ?? 0);
  return field('used_cpu_user') + field('used_cpu_sys');
}

/** redis-benchmark SET on the same Redis (database 15): requests/s and latency, the machine's yardstick. */
function redisBenchmark(port) {
  const result = spawnSync(
    'redis-benchmark',
    ['-p', String(port), '--dbnum', '15', '-t', 'set', '-n', '100000', '-c', '50', '--csv'],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`redis-benchmark failed: ${result.stderr}`);
  const row = result.stdout
    .trim()
    .split('\n')
    .at(-1)
    .split(',')
    .map((f) => f.replace(/"/g, ''));
  return { rps: Number(row[1]), p50Ms: Number(row[4]), p99Ms: Number(row[6]), maxMs: Number(row[7]) };
}

/** The server's own metrics (prom-client): event-loop delay since the last scrape, CPU, RSS. */
async function metrics(base) {
  const text = await (await fetch(`${base}/metrics`)).text();
  const value = (name) => {
    const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text);
    return m ? Number(m[1]) : undefined;
  };
  // prom-client samples every 10 ms and records the interval between samples: the delay is what exceeds 10 ms.
  const delay = (name) => (value(name) === undefined ? undefined : Math.max(0, value(name) * 1000 - 10));
  /** Seconds spent in garbage collection so far, all kinds together. */
  const gc = [...text.matchAll(/^netcheck_nodejs_gc_duration_seconds_sum\{[^}]*\} ([0-9.e+-]+)$/gm)].reduce(
    (sum, m) => sum + Number(m[1]),
    0,
  );
  return {
    gc,
    eldP99Ms: delay('netcheck_nodejs_eventloop_lag_p99_seconds'),
    eldMaxMs: delay('netcheck_nodejs_eventloop_lag_max_seconds'),
    cpu: value('netcheck_process_cpu_seconds_total'),
    rss: value('netcheck_process_resident_memory_bytes'),
  };
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function summary(latencies) {
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  return {
    p50Ms: percentile(sorted, 50),
    p90Ms: percentile(sorted, 90),
    p99Ms: percentile(sorted, 99),
    p999Ms: percentile(sorted, 99.9),
    maxMs: sorted.at(-1),
  };
}

const generator = alertmanagerGroups(400, 7);
const request = generator.requests('/alertmanager', {
  host: '127.0.0.1',
  'user-agent': 'Alertmanager/0.27.0',
  authorization: `Bearer ${TOKEN}`,
  'content-type': 'application/json',
});

/** Open-loop load through `client` from delivery `first`; `answers` counts the states of the 200s. */
function load(client, first, total, answers = {}) {
  return client.run({
    rate,
    total,
    // Every tenth delivery is the previous one again, as a second Alertmanager of an HA pair sends it.
    request: (i) => request((first + i) % 10 === 9 ? first + i - 1 : first + i),
    onAnswer: (_i, status, body) => {
      if (status !== 200) return;
      const state = body.includes('"status":"queued"') ? 'queued' : body.includes('"duplicate"') ? 'duplicate' : '?';
      answers[state] = (answers[state] ?? 0) + 1;
    },
  });
}

const total = Math.round(rate * seconds);
const warmup = Math.round(rate * warmupSeconds);

// --- Redis and its yardstick ----------------------------------------------------------------------------------------

const redisPort = await freePort();
await start(
  'redis-server',
  ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'],
  'Ready to accept connections',
);
const yardstick = redisBenchmark(redisPort);
redisCli(redisPort, '-n', '15', 'FLUSHDB');

// --- the floor: a bare node:http server under the same load --------------------------------------------------------

const { child: bare, match: bareLine } = await start(
  process.execPath,
  [fileURLToPath(new URL('./child/http-baseline.mjs', import.meta.url))],
  firstJsonLine,
);
const bareStart = JSON.parse(bareLine);
const bareClient = createLoadClient({ host: '127.0.0.1', port: bareStart.port });
if (warmup > 0) await load(bareClient, 0, warmup);
const bareRun = await load(bareClient, warmup, total);
bareClient.close();
const bareEnded = once(bare.stdout, 'data');
bare.kill('SIGTERM');
const bareCpuMs = JSON.parse(firstJsonLine((await bareEnded)[0].toString())).cpuMs - bareStart.cpuMs;

// --- netcheck serve --role bot --------------------------------------------------------------------------------------

const { match: slackLine } = await start(
  process.execPath,
  ['--import', 'tsx', fileURLToPath(new URL('./child/fake-slack.mjs', import.meta.url))],
  firstJsonLine,
  { cwd: ROOT },
);
const slack = JSON.parse(slackLine);

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const logFile = join(work, 'serve.log');
const logFd = openSync(logFile, 'w');
const env = { ...process.env };
for (const key of ['NODE_OPTIONS', 'FORCE_COLOR']) delete env[key];
const flags = (process.env.NETCHECK_BENCH_SERVE_FLAGS ?? '').split(' ').filter(Boolean);
const bot = spawn(process.execPath, [...flags, join(ROOT, 'bin/netcheck.js'), 'serve', '--role', 'bot'], {
  stdio: ['ignore', logFd, logFd],
  env: {
    ...env,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: 'bench-signing-secret-0123456789',
    SLACK_API_URL: slack.apiUrl,
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    NETCHECK_REDIS_PREFIX: PREFIX,
    PORT: String(port),
    ALERTMANAGER_TOKEN: TOKEN,
    NETCHECK_CHANNEL: 'C0INCIDENTS',
    NETCHECK_CLUSTER: 'prod-eu-1',
    LOG_LEVEL: 'info',
  },
});
children.push(bot);
const deadline = Date.now() + 30_000;
while (
  !(await fetch(`${base}/healthz`).then(
    (r) => r.ok,
    () => false,
  ))
) {
  if (bot.exitCode !== null || Date.now() > deadline) {
    throw new Error(`netcheck serve did not start:\n${readFileSync(logFile, 'utf8').slice(-2000)}`);
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
}

// One pool of keep-alive connections for the warm-up and the measured run, as Alertmanager keeps its own.
const client = createLoadClient({ host: '127.0.0.1', port });
if (warmup > 0) await load(client, 0, warmup);
await new Promise((resolve) => setTimeout(resolve, 500));
const before = await metrics(base); // also resets the event-loop histogram prom-client keeps
const commandsBefore = commandCalls(redisPort);
const redisCpuBefore = redisCpu(redisPort);
const ownDelay = monitorEventLoopDelay({ resolution: 10 });
ownDelay.enable();
const answers = {};
const generatorCpu = process.cpuUsage();
const run = await load(client, warmup, total, answers);
const generatorCpuMs = (() => {
  const used = process.cpuUsage(generatorCpu);
  return (used.user + used.system) / 1000;
})();
ownDelay.disable();
const after = await metrics(base);
client.close();
const commandsAfter = commandCalls(redisPort);
const redisCpuMs = (redisCpu(redisPort) - redisCpuBefore) * 1000;

const commands = {};
let commandTotal = 0;
for (const [name, calls] of Object.entries(commandsAfter)) {
  const delta = calls - (commandsBefore[name] ?? 0);
  if (delta > 0) {
    commands[name] = Math.round((delta / total) * 100) / 100;
    commandTotal += delta;
  }
}
/** The alerts queue's jobs by state (BullMQ's keys): every `queued` answer must be a job in one of them. */
const jobs = {
  waiting: Number(redisCli(redisPort, 'LLEN', `${PREFIX}:alerts:wait`)),
  active: Number(redisCli(redisPort, 'LLEN', `${PREFIX}:alerts:active`)),
  completed: Number(redisCli(redisPort, 'ZCARD', `${PREFIX}:alerts:completed`)),
  failed: Number(redisCli(redisPort, 'ZCARD', `${PREFIX}:alerts:failed`)),
  delayed: Number(redisCli(redisPort, 'ZCARD', `${PREFIX}:alerts:delayed`)),
};
const logLines = readFileSync(logFile, 'utf8').split('\n').filter(Boolean);
const bytes = Array.from({ length: 400 }, (_, i) => Buffer.byteLength(generator.body(i))).sort((a, b) => a - b);

const out = {
  rate,
  seconds,
  requests: total,
  achievedRate: Math.round((total / run.ms) * 1000),
  statuses: run.statuses,
  answers,
  ...summary(run.latencies),
  serverEventLoopDelay: { p99Ms: after.eldP99Ms, maxMs: after.eldMaxMs },
  serverCpuMsPerRequest: ((after.cpu - before.cpu) * 1000) / total,
  serverGcMsPerRequest: ((after.gc - before.gc) * 1000) / total,
  serverRssMb: Math.round(after.rss / 1e6),
  generatorCpuMsPerRequest: generatorCpuMs / total,
  generatorEventLoopDelayP99Ms: Math.max(0, ownDelay.percentile(99) / 1e6 - 10),
  redisCpuMsPerRequest: redisCpuMs / total,
  redisCommandsPerDelivery: Math.round((commandTotal / total) * 100) / 100,
  redisCommands: commands,
  jobs,
  logLines: logLines.length,
  warnLines: logLines.filter((line) => line.includes('"level":40')).length,
  bodyBytes: {
    median: bytes[200],
    mean: Math.round(bytes.reduce((a, b) => a + b, 0) / bytes.length),
    max: bytes.at(-1),
  },
  bareHttp: {
    ...summary(bareRun.latencies),
    statuses: bareRun.statuses,
    // Warm-up and measured run together (the server's start-up is taken out).
    cpuMsPerRequest: bareCpuMs / (warmup + total),
  },
  redisBenchmark: yardstick,
};

bot.kill('SIGTERM');
await Promise.race([once(bot, 'exit'), new Promise((resolve) => setTimeout(resolve, 20_000))]);
console.log(JSON.stringify(out));
process.exit(0);
