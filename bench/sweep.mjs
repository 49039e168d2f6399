#!/usr/bin/env node
// The sweep benchmark's child: N simulated nodes through the real runner (dist/sweep/sweep-nodes.js), each answering
// after a fixed exec latency with the real sample report (a few with rising insert_failed, so hotspots are ranked).
// Every report is diagnosed, as in a real sweep. Prints one JSON line: makespan, ideal, peak in-flight, memory.
// Usage: node --expose-gc bench/sweep.mjs [nodes=500] [concurrency=20] [latencyMs=500]
import { readFileSync } from 'node:fs';

const [nodes = 500, concurrency = 20, latencyMs = 500] = process.argv.slice(2).map(Number);
const { sweepNodes } = await import(new URL('../dist/sweep/sweep-nodes.js', import.meta.url).href);
const report = readFileSync(new URL('./sample-report.txt', import.meta.url), 'utf8');

/** The sample report with insert_failed rising on cpu1 between its two samples (byte count kept consistent). */
function rising(text, by) {
  const marker = '#netcheck section name=conntrack-stats-2 ';
  const at = text.indexOf(marker);
  const after = text.slice(at);
  const raised = after.replace(/^(cpu=1\s+found=0 invalid=0 insert=0 )insert_failed=0/m, `$1insert_failed=${by}`);
  const added = Buffer.byteLength(raised) - Buffer.byteLength(after);
  return (text.slice(0, at) + raised).replace(
    /^(#netcheck end .*\bbytes=)(\d+)/m,
    (_, h, n) => `${h}${Number(n) + added}`,
  );
}
const hot = rising(report, 400);

let inFlight = 0;
let maxInFlight = 0;
const executor = {
  mode: 'agent',
  collect({ node, signal }) {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        inFlight--;
        const index = Number(node.slice(5));
        const text = index % 100 === 7 ? hot : report;
        resolve({ node, mode: 'agent', report: text, stderr: '', exitCode: 0, complete: true, durationMs: latencyMs });
      }, latencyMs);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        inFlight--;
        reject(new Error('aborted'));
      });
    });
  },
};

const names = Array.from({ length: nodes }, (_, i) => `node-${i + 1}`);
globalThis.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const cpuBefore = process.cpuUsage();
const started = performance.now();
const result = await sweepNodes({ executor, nodes: names, concurrency, deadlineSeconds: 60 });
const makespanMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
globalThis.gc?.();
const heapAfter = process.memoryUsage().heapUsed;

const failed = result.nodes.filter((n) => 'error' in n).length;
console.log(
  JSON.stringify({
    nodes,
    concurrency,
    latencyMs,
    makespanMs,
    idealMs: Math.ceil(nodes / concurrency) * latencyMs,
    maxInFlight,
    failed,
    hotspots: result.ranking.hotspots.map((h) => h.node),
    cpuMs: (cpu.user + cpu.system) / 1000,
    retainedKiB: Math.round((heapAfter - heapBefore) / 1024),
    maxRSSKiB: process.resourceUsage().maxRSS,
  }),
);
// Keep the result alive until the heap was measured.
if (result.nodes.length !== nodes) process.exitCode = 1;
