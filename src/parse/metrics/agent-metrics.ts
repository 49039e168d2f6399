// The parser of conntrack metrics other agents export: Telegraf line protocol, Metricbeat's linux.conntrack events,
// Netdata's plugin protocol and netfilter_conntrack_full alarm lines, collectd's conntrack plugin values.
import type { LineScore } from '../parser.js';
import { lineParser } from '../shared/line-parser.js';
import { trimPasted } from '../shared/strip-backticks.js';

export type MetricsAgent = 'telegraf' | 'metricbeat' | 'netdata' | 'collectd';

/** One reading of one host's conntrack metrics, whatever agent exported it. */
export interface AgentSample {
  agent: MetricsAgent;
  /** The host the agent named (`host=` tag, collectd host, '' when not printed). */
  host: string;
  entries?: number;
  max?: number;
  /** Fill in percent, when the agent computes it (collectd `percent-used`, a Netdata alarm's value). */
  percent?: number;
  /** A Netdata alarm's status for `netfilter_conntrack_full` (CLEAR, WARNING, CRITICAL...). */
  alarm?: string;
  /** Kernel conntrack counters (insert_failed, drop, early_drop, invalid...), summed over CPUs, since boot. */
  stats: Record<string, number>;
  /** Epoch seconds of the reading, when printed. */
  at?: number;
}

export interface AgentMetrics {
  samples: AgentSample[];
}

const STATS = new Set([
  'found',
  'invalid',
  'ignore',
  'insert',
  'insert_failed',
  'drop',
  'early_drop',
  'error',
  'icmp_error',
  'search_restart',
  'clash_resolve',
  'chaintoolong',
]);
const MAX_SAMPLES = 200;

/** `conntrack,host=a,cpu=all ip_conntrack_count=2i,ip_conntrack_max=262144i 1461620427667995735` (maybe after `> `). */
const TELEGRAF =
  /^(?:> )?conntrack((?:,[^\s,=]+=[^\s,]+)*) ([a-z_]+=-?[\d.]+[iu]?(?:,[a-z_]+=-?[\d.]+[iu]?)*)(?: (\d{10,19}))?$/;
/** `PUTVAL "host/conntrack/conntrack-used" interval=10.000 1600000000.123:1234` */
const PUTVAL =
  /^PUTVAL "?([^/\s"]+)\/conntrack\/(conntrack(?:-used|-max)?|percent-used)"?(?: \S+=\S+)* (N|\d+(?:\.\d+)?):(-?[\d.e+]+)$/;
/** Graphite-style paths: `collectd.host.conntrack.conntrack-used 1234 1600000000` (or `_` for the dash). */
const DOTTED =
  /^(?:([\w.-]+?)\.)?conntrack\.(conntrack(?:[-_]used|[-_]max)?|percent[-_]used)\s+(-?[\d.e+]+)(?:\s+(\d{9,13}))?$/;
/** Netdata's plugin protocol: `BEGIN netfilter.netlink_errors`, `SET insert_failed = 47646`, `END`. */
const ND_BEGIN = /^BEGIN (netfilter\.[\w.]+)(?: \d+)?$/;
const ND_SET = /^SET ([\w]+) = (-?\d+)$/;
/** A Netdata alarm line naming `netfilter_conntrack_full` with a status and a percentage. */
const ND_ALARM = /\bnetfilter_conntrack_full\b/;
/** Metricbeat: `linux.conntrack.summary.entries: 16`, or JSON keys inside a `"conntrack"` object. */
const MB_FLAT = /\b(?:linux|system)\.conntrack\.summary\.([a-z_]+)["\s:=|]+(-?\d+)/g;
const MB_KEY = /"([a-z_]+)"\s*:\s*(-?\d+)/g;

/** Cheap gate: every line this parser reads names conntrack, or is a Netdata SET/END or a JSON key line. */
const MAYBE = /^\s*`*(?:SET |END|BEGIN |")/;

function classify(raw: string): LineScore {
  if (!raw.includes('conntrack') && !MAYBE.test(raw)) return 0;
  const line = trimPasted(raw).trim();
  if (line === '') return 0;
  if (line.startsWith('conntrack') || line.startsWith('> conntrack')) return TELEGRAF.test(line) ? 2 : 0;
  if (line.startsWith('PUTVAL')) return PUTVAL.test(line) ? 2 : 0;
  if (DOTTED.test(line)) return 2;
  if (ND_BEGIN.test(line)) return 2;
  if (line === 'END' || ND_SET.test(line)) return 1;
  if (ND_ALARM.test(line)) return /\d(?:\.\d+)?\s*%|WARNING|CRITICAL|CLEAR/.test(line) ? 2 : 0;
  if (line.includes('conntrack.summary.')) return /conntrack\.summary\.[a-z_]+["\s:=|]+-?\d/.test(line) ? 2 : 0;
  if (line.includes('"conntrack"')) return /"conntrack"\s*:\s*\{/.test(line) ? 2 : 0;
  if (/^"(?:summary|linux)"\s*:\s*\{,?$/.test(line)) return 1;
  if (/^"[a-z_]+"\s*:\s*-?\d+,?$/.test(line)) return 1;
  return 0;
}

function tags(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of text.split(',')) {
    const eq = t.indexOf('=');
    if (eq > 0) out[t.slice(0, eq)] = t.slice(eq + 1);
  }
  return out;
}

export const agentMetricsParser = lineParser<AgentMetrics>({
  kind: 'agent-metrics',
  command: /^(?:telegraf\b|metricbeat\b|collectd\b|collectdctl\b|(?:curl|wget)\b.*(?::19999|netdata))/,
  classify,
  read(notes) {
    const samples: AgentSample[] = [];
    /** Per-CPU Telegraf stats lines are summed into one sample per host and timestamp. */
    let telegrafCpu: { key: string; sample: AgentSample } | undefined;
    let netdata: { chart: string; sample: AgentSample } | undefined;
    let metricbeat: AgentSample | undefined;
    let depth = 0;
    const add = (s: AgentSample): AgentSample => {
      if (samples.length < MAX_SAMPLES) samples.push(s);
      return s;
    };
    /** The current sample of an agent and host, or a new one when `field` was already read in it. */
    const sampleFor = (agent: MetricsAgent, host: string, field: string, at?: number): AgentSample => {
      const last = samples.at(-1);
      if (last && last.agent === agent && last.host === host && last.at === at) {
        const has = field in last.stats || (last as unknown as Record<string, unknown>)[field] !== undefined;
        if (!has) return last;
      }
      const s: AgentSample = { agent, host, stats: {} };
      if (at !== undefined) s.at = at;
      return add(s);
    };
    const setField = (s: AgentSample, name: string, value: number): void => {
      if (name === 'entries' || name === 'count') s.entries = value;
      else if (name === 'max') s.max = value;
      else if (name === 'percent') s.percent = value;
      else if (STATS.has(name)) s.stats[name] = (s.stats[name] ?? 0) + value;
    };
    const telegraf = (m: RegExpExecArray): void => {
      const t = tags(m[1]!.slice(1));
      const at = m[3] ? Math.floor(Number(m[3].slice(0, 10))) : undefined;
      const host = t.host ?? '';
      const fields: [string, number][] = m[2]!
        .split(',')
        .filter((f) => f !== '')
        .map((f) => {
          const eq = f.indexOf('=');
          return [f.slice(0, eq), Number(f.slice(eq + 1).replace(/[iu]$/, ''))];
        });
      const cpu = t.cpu;
      if (cpu !== undefined && cpu !== 'all') {
        const key = `${host} ${at ?? ''}`;
        if (!telegrafCpu || telegrafCpu.key !== key) {
          const s: AgentSample = { agent: 'telegraf', host, stats: {} };
          if (at !== undefined) s.at = at;
          telegrafCpu = { key, sample: add(s) };
        }
        for (const [name, value] of fields) {
          if (name === 'entries') telegrafCpu.sample.entries = value;
          else setField(telegrafCpu.sample, name, value);
        }
        return;
      }
      const first = fields[0]?.[0] ?? '';
      const s = sampleFor('telegraf', host, /conntrack_count$/.test(first) ? 'entries' : first, at);
      for (const [name, value] of fields) {
        if (/^(?:ip|nf)_conntrack_count$/.test(name)) s.entries = value;
        else if (/^(?:ip|nf)_conntrack_max$/.test(name)) s.max = value;
        else setField(s, name, value);
      }
    };
    return {
      push(raw) {
        const line = trimPasted(raw).trim();
        if (line === '') return;
        const tg = TELEGRAF.exec(line);
        if (tg) {
          telegraf(tg);
          return;
        }
        const pv = PUTVAL.exec(line) ?? DOTTED.exec(line);
        if (pv) {
          const putval = line.startsWith('PUTVAL');
          const host = (putval ? pv[1] : pv[1]?.replace(/^collectd\./, '')) ?? '';
          const metric = pv[2]!.replace('_', '-');
          const value = Number(putval ? pv[4] : pv[3]);
          const time = putval
            ? pv[3] === 'N'
              ? undefined
              : Math.floor(Number(pv[3]))
            : pv[4]
              ? Number(pv[4].slice(0, 10))
              : undefined;
          const field = metric === 'conntrack-max' ? 'max' : metric === 'percent-used' ? 'percent' : 'entries';
          setField(sampleFor('collectd', host, field, time), field, value);
          return;
        }
        const begin = ND_BEGIN.exec(line);
        if (begin) {
          const chart = begin[1]!;
          // The counters of one iteration arrive chart by chart: a chart seen again starts the next reading.
          const last = samples.at(-1);
          const sample = last?.agent === 'netdata' ? last : add({ agent: 'netdata', host: '', stats: {} });
          netdata = { chart, sample };
          return;
        }
        if (line === 'END') {
          netdata = undefined;
          return;
        }
        const set = ND_SET.exec(line);
        if (set && netdata) {
          const name = set[1]!;
          const value = Number(set[2]);
          if (netdata.chart === 'netfilter.conntrack_sockets' && name === 'connections') {
            if (netdata.sample.entries !== undefined) netdata.sample = add({ agent: 'netdata', host: '', stats: {} });
            netdata.sample.entries = value;
          } else if (STATS.has(name) && !netdata.chart.endsWith('expect')) {
            if (name in netdata.sample.stats) netdata.sample = add({ agent: 'netdata', host: '', stats: {} });
            netdata.sample.stats[name] = value;
          }
          return;
        }
        if (ND_ALARM.test(line)) {
          const pct = /(\d+(?:\.\d+)?)\s*%/.exec(line);
          const status = /\b(CLEAR|WARNING|CRITICAL|UNDEFINED|UNINITIALIZED|REMOVED|RAISED)\b/.exec(line);
          if (!pct && !status) return;
          const s = add({ agent: 'netdata', host: '', stats: {} });
          if (pct) s.percent = Number(pct[1]);
          if (status) s.alarm = status[1]!;
          return;
        }
        if (line.includes('conntrack.summary.')) {
          const s = add({ agent: 'metricbeat', host: '', stats: {} });
          for (const m of line.matchAll(MB_FLAT)) setField(s, m[1]!, Number(m[2]));
          return;
        }
        const at = line.indexOf('"conntrack"');
        if (at >= 0 || metricbeat) {
          if (at >= 0) {
            metricbeat = add({ agent: 'metricbeat', host: '', stats: {} });
            depth = 0;
          }
          const text = at >= 0 ? line.slice(at + '"conntrack"'.length) : line;
          for (const m of text.matchAll(MB_KEY)) setField(metricbeat!, m[1]!, Number(m[2]));
          for (const ch of text) {
            if (ch === '{') depth++;
            else if (ch === '}') depth--;
          }
          if (depth <= 0) metricbeat = undefined;
          return;
        }
        if (!/^(?:[{}\],]*|"[\w@.]+"\s*:\s*\{)$/.test(line)) notes.skip('not a conntrack metric line', raw);
      },
      end: () => ({ samples }),
    };
  },
});
