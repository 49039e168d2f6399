// Scores the built CLI against the blind sample (test/fixtures/blind/<slug>/{input.txt,label.json}): runs
// `node bin/netcheck.js analyze --json` on every input and prints, per family and overall, the problems caught and
// the healthy inputs left quiet. Usage: node scripts/score-blind.mjs [dir] (run `npm run build` first).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(repoRoot, 'bin', 'netcheck.js');
const sampleDir = resolve(process.argv[2] ?? join(repoRoot, 'test', 'fixtures', 'blind'));
const ALARMING = new Set(['warning', 'critical']);

/** Runs analyze on one input: { outcome: 'findings' | 'unrecognised' | 'error', findings, detail }. */
function analyze(inputPath) {
  const run = spawnSync(process.execPath, [cli, 'analyze', '--json', inputPath], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  if (run.status === 1) return { outcome: 'unrecognised', findings: [], detail: 'exit 1' };
  if (run.status !== 0) {
    const why = run.error ? run.error.message : `exit ${run.status ?? run.signal}`;
    return {
      outcome: 'error',
      findings: [],
      detail: `${why} ${(run.stderr ?? '').trim().split('\n')[0] ?? ''}`.trim(),
    };
  }
  try {
    const parsed = JSON.parse(run.stdout);
    return { outcome: 'findings', findings: Array.isArray(parsed.findings) ? parsed.findings : [], detail: '' };
  } catch (err) {
    return { outcome: 'error', findings: [], detail: `unparsable JSON: ${err.message}` };
  }
}

/** Judges one sample against its label. */
function score(label, result) {
  const alarming = result.findings.filter((f) => ALARMING.has(f.severity)).map((f) => `${f.severity}:${f.id}`);
  if (label.verdict === 'problem') {
    const expected = new Set(label.expected ?? []);
    const hit = result.findings.find((f) => ALARMING.has(f.severity) && expected.has(f.id));
    const got = result.outcome === 'findings' ? `got ${alarming.join(', ') || 'no warning/critical'}` : result.detail;
    const why =
      expected.size === 0 ? `no expected id in the catalogue; ${got}` : `${got}; expected ${[...expected].join(' | ')}`;
    return { kind: 'problem', ok: Boolean(hit), note: hit ? `caught by ${hit.id}` : why };
  }
  // A crash or a usage error is not a quiet answer; exit 1 (nothing recognised) is.
  const ok = result.outcome === 'unrecognised' || (result.outcome === 'findings' && alarming.length === 0);
  return { kind: 'healthy', ok, note: ok ? '' : result.outcome === 'error' ? result.detail : alarming.join(', ') };
}

function emptyTally() {
  return { problems: 0, caught: 0, healthy: 0, quiet: 0, misses: [] };
}

function add(tally, slug, verdict) {
  if (verdict.kind === 'problem') {
    tally.problems += 1;
    if (verdict.ok) tally.caught += 1;
    else tally.misses.push(`${slug} (missed: ${verdict.note})`);
  } else {
    tally.healthy += 1;
    if (verdict.ok) tally.quiet += 1;
    else tally.misses.push(`${slug} (falsely warned: ${verdict.note})`);
  }
}

function line(name, tally) {
  return `${name.padEnd(16)} problems caught ${tally.caught}/${tally.problems}   healthy quiet ${tally.quiet}/${tally.healthy}`;
}

if (!existsSync(cli)) {
  console.error(`${cli} not found`);
  process.exit(2);
}
if (!existsSync(sampleDir) || !statSync(sampleDir).isDirectory()) {
  console.error(`${sampleDir} is not a directory`);
  process.exit(2);
}

const families = new Map();
const overall = emptyTally();
const skipped = [];
for (const slug of readdirSync(sampleDir).sort()) {
  const dir = join(sampleDir, slug);
  if (!statSync(dir).isDirectory()) continue;
  const inputPath = join(dir, 'input.txt');
  const labelPath = join(dir, 'label.json');
  if (!existsSync(inputPath) || !existsSync(labelPath)) {
    skipped.push(`${slug} (no input.txt or label.json)`);
    continue;
  }
  let label;
  try {
    label = JSON.parse(readFileSync(labelPath, 'utf8'));
  } catch (err) {
    skipped.push(`${slug} (label.json: ${err.message})`);
    continue;
  }
  if (label.verdict !== 'problem' && label.verdict !== 'healthy') {
    skipped.push(`${slug} (verdict ${JSON.stringify(label.verdict)})`);
    continue;
  }
  const verdict = score(label, analyze(inputPath));
  const family = typeof label.family === 'string' && label.family ? label.family : '(no family)';
  if (!families.has(family)) families.set(family, emptyTally());
  add(families.get(family), slug, verdict);
  add(overall, slug, verdict);
}

for (const [family, tally] of [...families].sort(([a], [b]) => a.localeCompare(b))) {
  console.log(line(family, tally));
  for (const miss of tally.misses) console.log(`    ${miss}`);
}
console.log(line('overall', overall));
if (skipped.length > 0) console.log(`skipped: ${skipped.join('; ')}`);
