// The parser of `conntrack -S` (netlink, summary and per-CPU formats): the kernel's conntrack counters per reading.
import type { LineScore } from '../parser.js';
import { lineParser } from '../shared/line-parser.js';

/** One CPU's conntrack counters, keyed by canonical field name (see `canonicalCounter`). */
export interface ConntrackCpuRow {
  cpu: number;
  counters: Record<string, number>;
}

/**
 * One reading of the kernel's conntrack statistics. `totals` sums the per-CPU rows, except `entries`: every row
 * repeats the global entry count, so it is kept once in `entries`.
 */
export interface ConntrackStatsSample {
  /** `netlink`: `conntrack -S` per CPU; `summary`: `conntrack -S` one counter per line; `proc-hex`: `/proc/net/stat/nf_conntrack`. */
  source: 'netlink' | 'summary' | 'proc-hex';
  cpus: ConntrackCpuRow[];
  totals: Record<string, number>;
  entries?: number;
}

export interface ConntrackStatsValue {
  samples: ConntrackStatsSample[];
  /** Error lines printed by the tool (`Operation failed: ...`). */
  errors: string[];
}

const ALIASES: Record<string, string> = {
  icmp_error: 'error',
  clashres: 'clash_resolve',
  chainlength: 'chaintoolong',
};

/** One name per counter across the netlink, summary and /proc spellings (`icmp_error` is netlink's `error`). */
export function canonicalCounter(name: string): string {
  return ALIASES[name] ?? name;
}

/** Counter names only conntrack statistics print: a summary line with one of these is a signature. */
const DISTINCT = new Set([
  'searched',
  'insert_failed',
  'early_drop',
  'delete_list',
  'icmp_error',
  'expect_new',
  'expect_create',
  'expect_delete',
  'search_restart',
  'clash_resolve',
  'chaintoolong',
]);
const COMMON = new Set(['entries', 'found', 'new', 'invalid', 'ignore', 'delete', 'insert', 'drop', 'error']);

/** At most this many samples are kept (the first and the latest ones). */
export const MAX_SAMPLES = 16;
/** At most this many CPU rows per sample. */
export const MAX_CPUS = 4096;

/** Builds samples row by row; shared with the /proc hex parser so both give the same sample type. */
export function createSampleBuilder(source: ConntrackStatsSample['source']) {
  const samples: ConntrackStatsSample[] = [];
  let current: ConntrackStatsSample | undefined;
  let seenCpus = new Set<number>();
  const start = (): ConntrackStatsSample => {
    current = { source, cpus: [], totals: {} };
    seenCpus = new Set();
    if (samples.length >= MAX_SAMPLES) samples.splice(1, 1);
    samples.push(current);
    return current;
  };
  return {
    /** Adds one CPU row; a CPU already seen in the current sample starts the next sample. */
    row(cpu: number, counters: Record<string, number>): void {
      let sample = current ?? start();
      if (seenCpus.has(cpu)) sample = start();
      seenCpus.add(cpu);
      if (sample.cpus.length >= MAX_CPUS) return;
      sample.cpus.push({ cpu, counters });
      for (const [name, value] of Object.entries(counters)) {
        if (name === 'entries') sample.entries = Math.max(sample.entries ?? 0, value);
        else sample.totals[name] = (sample.totals[name] ?? 0) + value;
      }
    },
    /** Sets one summary counter; a counter already set starts the next sample. */
    total(name: string, value: number): void {
      let sample = current ?? start();
      const seen = name === 'entries' ? sample.entries !== undefined : sample.totals[name] !== undefined;
      if (seen) sample = start();
      if (name === 'entries') sample.entries = value;
      else sample.totals[name] = value;
    },
    /** The next row belongs to a new sample (a repeated header). */
    split(): void {
      if (current && (current.cpus.length > 0 || Object.keys(current.totals).length > 0)) current = undefined;
    },
    samples(): ConntrackStatsSample[] {
      return samples.filter((s) => s.cpus.length > 0 || Object.keys(s.totals).length > 0 || s.entries !== undefined);
    },
  };
}

const CPU_ROW = /^\s*cpu=\d+\s+\w+=/;
const KV_ONLY = /^\s*(?:[a-z_]+=\d*\s*)+$/;
const SUMMARY = /^\s*([a-z_]+)\s+(\d+)\s*$/;
const TOOL_LINE = /^conntrack v\d[\d.]* \(conntrack-tools\): /;

function classify(line: string): LineScore {
  if (line.startsWith('cpu=') || line.trimStart().startsWith('cpu=')) return CPU_ROW.test(line) ? 2 : 0;
  const summary = SUMMARY.exec(line);
  if (summary) return DISTINCT.has(summary[1]!) ? 2 : COMMON.has(summary[1]!) ? 1 : 0;
  if (TOOL_LINE.test(line)) return line.includes('flow entries have been shown') ? 0 : 1;
  // A wrapped tail (`search_restart=0 clash_resolve=0`) or the VyOS table header around `cpu=` rows.
  if (line.includes('=') && KV_ONLY.test(line) && /\b(?:drop|insert_failed|search_restart|clash_resolve)=/.test(line)) {
    return 1;
  }
  if (/^\s*CPU\s+Found\s+Invalid\b/.test(line) || /^\s*-{3,}(?:\s+-{3,})+\s*$/.test(line)) return 1;
  return 0;
}

/** `conntrack -S`: modern and legacy per-CPU `key=value` rows, and the older one-counter-per-line summary. */
export const conntrackStatsParser = lineParser<ConntrackStatsValue>({
  kind: 'conntrack-stats',
  command: /^(?:conntrack\s+(?:-\S*S\b|--stats\b)|show\s+conntrack\s+statistics)/,
  classify,
  read(notes) {
    const builder = createSampleBuilder('netlink');
    const summary = createSampleBuilder('summary');
    const errors: string[] = [];
    /** A row cut at the end of a line, waiting for its wrapped tail. */
    let pending = '';

    const flushRow = (text: string): void => {
      const tokens = text.trim().split(/\s+/);
      const first = /^cpu=(\d+)$/.exec(tokens[0] ?? '');
      if (!first) return;
      const counters: Record<string, number> = {};
      for (let i = 1; i < tokens.length; i++) {
        const token = tokens[i]!;
        const eq = token.indexOf('=');
        const raw = eq > 0 ? token.slice(eq + 1) : '';
        if (eq <= 0 || !/^\d+$/.test(raw)) {
          notes.skip('a cut or unreadable counter was left out', token);
          continue;
        }
        counters[canonicalCounter(token.slice(0, eq))] = Number(raw);
      }
      builder.row(Number(first[1]), counters);
    };

    return {
      push(line) {
        const text = line.trim();
        if (text === '') return;
        if (text.startsWith('cpu=')) {
          if (pending) flushRow(pending);
          pending = text;
          return;
        }
        if (pending && /^[a-z_]*=?\d*(?:\s|$)/.test(text) && !SUMMARY.test(text) && /=/.test(text)) {
          // The tail of a wrapped row: a token cut in the middle joins without a space.
          const cut = !/\s$/.test(line) && !/=\d+$/.test(pending);
          pending = cut ? pending + text : `${pending} ${text}`;
          return;
        }
        if (pending) {
          flushRow(pending);
          pending = '';
        }
        const m = SUMMARY.exec(text);
        if (m && (DISTINCT.has(m[1]!) || COMMON.has(m[1]!))) {
          summary.total(canonicalCounter(m[1]!), Number(m[2]));
          return;
        }
        if (TOOL_LINE.test(text)) {
          if (errors.length < 5) errors.push(text);
          return;
        }
        if (/^CPU\s+Found\b/.test(text) || /^-{3,}/.test(text) || /^command terminated with exit code/.test(text)) {
          return;
        }
        notes.skip('not a conntrack -S line', text);
      },
      end() {
        if (pending) flushRow(pending);
        const samples = [...summary.samples(), ...builder.samples()];
        return { samples, errors };
      },
    };
  },
});
