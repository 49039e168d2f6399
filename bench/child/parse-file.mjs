// Measured process: streams a file through one netcheck parser and prints {"ms", "maxRSSKiB", "lines", "summary"}
// as JSON on stdout. KIND `-` reads the lines without a parser (the cost of reading alone).
// Usage: node parse-file.mjs KIND COMMAND FILE
// The file is read the way `netcheck analyze FILE` reads it (synchronous 64 KiB reads, lines batched per chunk).

const [kind, command, file] = process.argv.slice(2);
const dist = new URL('../../dist/', import.meta.url);
const { readLineBatches } = await import(new URL('input/read-lines.js', dist).href);
const { readChunksSync } = await import(new URL('cli/read-chunks.js', dist).href);
const { PARSERS } = await import(new URL('parse/parsers.js', dist).href);
const parser = kind === '-' ? undefined : PARSERS.find((p) => p.kind === kind);
if (kind !== '-' && !parser) {
  process.stderr.write(`no ${kind} parser is registered in PARSERS yet\n`);
  process.exit(3);
}

const start = performance.now();
const sink = parser?.create({ command });
let lines = 0;
for await (const batch of readLineBatches(readChunksSync(file))) {
  lines += batch.length;
  if (sink) for (const line of batch) sink.push(line);
}
const parsed = sink?.end();
const ms = performance.now() - start;
const summary = parsed
  ? (JSON.stringify(parsed.value, (_k, v) => (v instanceof Map ? Object.fromEntries(v) : v)) ?? '')
  : '';
process.stdout.write(
  `${JSON.stringify({ ms, maxRSSKiB: process.resourceUsage().maxRSS, lines, summary: summary.slice(0, 600), notes: parsed?.notes ?? [] })}\n`,
);
