// Measured process: streams a file through one netcheck parser and prints {"ms", "maxRSSKiB", "lines", "summary"}
// as JSON on stdout. KIND `-` reads the lines without a parser (the cost of reading alone).
// Usage: node parse-file.mjs KIND COMMAND FILE [chunkKiB]
// The file is read the way `netcheck analyze FILE` reads it (synchronous reads into one reused buffer, 256 KiB by
// default), split by the same splitter; a line the parser takes as bytes (`pushBytes`, `pushLines`) is never decoded.

const [kind, command, file, chunkKiB] = process.argv.slice(2);
const dist = new URL('../../dist/', import.meta.url);
const { createChunkSplitter } = await import(new URL('input/read-lines.js', dist).href);
const { readChunksSync } = await import(new URL('cli/read-chunks.js', dist).href);
const { PARSERS } = await import(new URL('parse/parsers.js', dist).href);
const { closeSync, openSync, readSync } = await import('node:fs');
const parser = kind === '-' ? undefined : PARSERS.find((p) => p.kind === kind);
if (kind !== '-' && !parser) {
  process.stderr.write(`no ${kind} parser is registered in PARSERS yet\n`);
  process.exit(3);
}

/** Chunks as readChunksSync gives them, or of another size when asked. */
function* chunks() {
  if (!chunkKiB) {
    yield* readChunksSync(file);
    return;
  }
  const fd = openSync(file, 'r');
  const buffer = Buffer.allocUnsafe(Number(chunkKiB) * 1024);
  try {
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) yield buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

const start = performance.now();
const sink = parser?.create({ command });
let lines = 0;
const splitter = createChunkSplitter({
  bytes: (chunk, from, to) => {
    lines++;
    if (sink?.pushBytes?.(chunk, from, to)) return true;
    lines--;
    return false;
  },
  text: (line) => {
    lines++;
    sink?.push(line);
  },
  // Runs of plain lines, as the report builder hands them to a parser that reads many at once.
  byteRun: () => (sink?.pushLines ? (chunk, from, to) => sink.pushLines(chunk, from, to) : undefined),
  took: (taken) => {
    lines += taken;
  },
});
for (const chunk of chunks()) splitter.push(chunk);
splitter.end();
const parsed = sink?.end();
const ms = performance.now() - start;
const summary = parsed
  ? (JSON.stringify(parsed.value, (_k, v) => (v instanceof Map ? Object.fromEntries(v) : v)) ?? '')
  : '';
process.stdout.write(
  `${JSON.stringify({ ms, maxRSSKiB: process.resourceUsage().maxRSS, lines, summary: summary.slice(0, 600), notes: parsed?.notes ?? [] })}\n`,
);
