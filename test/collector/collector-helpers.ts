// Helpers for the collector tests: a strict reader of the report format (docs/report-format.md), PATH shims and a
// runner. The reader is deliberately separate from src/parse so that the tests check the format, not the parser.
import { accessSync, chmodSync, constants, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { type CollectorRun, runCollectorLocally } from '../../src/adapters/local/run-collector-locally.js';

export type Section = {
  name: string;
  kind: string;
  status: string;
  rc: number;
  ms: number;
  at: number;
  truncated: number;
  monoMs: number;
  cmd: string;
  header: Record<string, string>;
  body: string;
};

export type Report = {
  first: Record<string, string>;
  sections: Section[];
  end: { sections: number; bytes: number };
  /** Byte offset of the end line (must equal end.bytes). */
  endOffset: number;
};

const HEADER_KEYS = ['name', 'kind', 'status', 'rc', 'ms', 'at', 'truncated', 'mono_ms', 'bytes'];
const STATUSES = new Set(['ok', 'failed', 'missing', 'timeout', 'skipped']);

function keyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const cmdAt = text.indexOf(' cmd=');
  const head = cmdAt >= 0 ? text.slice(0, cmdAt) : text;
  for (const pair of head.split(' ')) {
    const eq = pair.indexOf('=');
    if (eq > 0) out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  if (cmdAt >= 0) out.cmd = text.slice(cmdAt + 5);
  return out;
}

function integer(value: string | undefined, what: string): number {
  if (value === undefined || !/^\d+$/.test(value)) throw new Error(`${what} is not a whole number: ${value}`);
  return Number(value);
}

/** Reads a report and throws on anything that breaks the format: keys, statuses, body sizes, the end line. */
export function parseReport(raw: Buffer): Report {
  let pos = 0;
  const line = (): string => {
    const nl = raw.indexOf(0x0a, pos);
    if (nl < 0) throw new Error(`line at byte ${pos} has no newline`);
    const text = raw.subarray(pos, nl).toString('utf8');
    pos = nl + 1;
    return text;
  };
  const firstLine = line();
  if (!firstLine.startsWith('#netcheck report ')) throw new Error(`first line: ${firstLine}`);
  const first = keyValues(firstLine.slice('#netcheck report '.length));
  for (const key of ['version', 'host', 'start', 'interval', 'deadline']) {
    if (!(key in first)) throw new Error(`report line lacks ${key}: ${firstLine}`);
  }
  const sections: Section[] = [];
  for (;;) {
    const at = pos;
    const text = line();
    if (text.startsWith('#netcheck end ')) {
      const end = keyValues(text.slice('#netcheck end '.length));
      if (pos !== raw.length) throw new Error(`${raw.length - pos} bytes after the end line`);
      return {
        first,
        sections,
        end: { sections: integer(end.sections, 'end sections'), bytes: integer(end.bytes, 'end bytes') },
        endOffset: at,
      };
    }
    if (!text.startsWith('#netcheck section ')) throw new Error(`expected a section header at byte ${at}: ${text}`);
    const header = keyValues(text.slice('#netcheck section '.length));
    for (const key of HEADER_KEYS) {
      if (!(key in header)) throw new Error(`header lacks ${key}: ${text}`);
    }
    if (!('cmd' in header)) throw new Error(`header lacks cmd: ${text}`);
    if (!STATUSES.has(header.status ?? '')) throw new Error(`bad status: ${text}`);
    if (header.truncated !== '0' && header.truncated !== '1') throw new Error(`bad truncated: ${text}`);
    const bytes = integer(header.bytes, 'bytes');
    const body = raw.subarray(pos, pos + bytes);
    if (body.length !== bytes) throw new Error(`body of ${header.name} is cut short`);
    if (bytes > 0 && body[bytes - 1] !== 0x0a) throw new Error(`body of ${header.name} does not end with a newline`);
    pos += bytes;
    sections.push({
      name: header.name ?? '',
      kind: header.kind ?? '',
      status: header.status ?? '',
      rc: integer(header.rc, 'rc'),
      ms: integer(header.ms, 'ms'),
      at: integer(header.at, 'at'),
      truncated: Number(header.truncated),
      monoMs: integer(header.mono_ms, 'mono_ms'),
      cmd: header.cmd ?? '',
      header,
      body: body.toString('utf8'),
    });
  }
}

/** Parses and checks the invariants every report must hold. */
export function wellFormed(raw: Buffer): Report {
  const report = parseReport(raw);
  if (report.end.bytes !== report.endOffset) {
    throw new Error(`end line says bytes=${report.end.bytes}, but ${report.endOffset} bytes came before it`);
  }
  if (report.end.sections !== report.sections.length) {
    throw new Error(`end line says sections=${report.end.sections}, found ${report.sections.length}`);
  }
  const names = report.sections.map((s) => s.name);
  if (new Set(names).size !== names.length) throw new Error(`duplicate section names: ${names.join(' ')}`);
  return report;
}

export function section(report: Report, name: string): Section {
  const found = report.sections.find((s) => s.name === name);
  if (!found) throw new Error(`no section ${name}; have ${report.sections.map((s) => s.name).join(' ')}`);
  return found;
}

/** `key=value` lines of a body. */
export function bodyKeyValues(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const row of body.split('\n')) {
    const eq = row.indexOf('=');
    if (eq > 0) out[row.slice(0, eq)] = row.slice(eq + 1);
  }
  return out;
}

/** Absolute path of an executable on PATH, or undefined. */
export function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  return undefined;
}

const created: string[] = [];

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `netcheck-${prefix}-`));
  created.push(dir);
  return dir;
}

/** Removes every directory made by tempDir/shimDir (call in afterAll). */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A directory of executable shell scripts (name → text) and symlinks (name → `->/abs/path`). */
export function shimDir(files: Record<string, string>): string {
  const dir = tempDir('shims');
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    if (text.startsWith('->')) {
      symlinkSync(text.slice(2), path);
    } else {
      writeFileSync(path, text);
      chmodSync(path, 0o755);
    }
  }
  return dir;
}

/** DNS lookups answered locally, so no test run sends a query anywhere. */
export const DNS_SHIMS: Record<string, string> = {
  getent: '#!/bin/sh\n[ "$1" = hosts ] || exit 1\necho "127.0.0.1       $2"\n',
  nslookup: '#!/bin/sh\necho "Name: $1"\necho "Address: 127.0.0.1"\n',
};

export type RunOptions = {
  args?: string[];
  shell?: string[];
  path?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
};

export async function runCollector(options: RunOptions = {}): Promise<CollectorRun & { elapsedMs: number }> {
  const started = Date.now();
  const result = await runCollectorLocally({
    args: options.args ?? [],
    shell: options.shell ?? ['sh'],
    timeoutMs: options.timeoutMs ?? 120_000,
    env: { ...process.env, PATH: options.path ?? process.env.PATH ?? '', ...options.env },
  });
  return { ...result, elapsedMs: Date.now() - started };
}
