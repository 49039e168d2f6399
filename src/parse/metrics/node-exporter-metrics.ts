// The parser of node_exporter's exposition text: its conntrack, network device and sockstat series, per node.
import type { LineScore } from '../parser.js';
import { lineParser } from '../shared/line-parser.js';

/** One per-CPU value of a conntrack stat gauge. */
export interface CpuValue {
  cpu: string;
  value: number;
}

/** What one scraped node (the `instance` label, '' without it) exposes, restricted to the series netcheck uses. */
export interface NodeExporterInstance {
  entries?: number;
  limit?: number;
  /** `node_nf_conntrack_stat_<name>` summed over CPUs (they are per-CPU gauges of kernel counters). */
  stats: Record<string, number>;
  /** The largest per-CPU values of each stat, top 4. */
  statTop: Record<string, CpuValue[]>;
  /** How many per-CPU series each stat had. */
  statSeries: Record<string, number>;
  /** Per device: `node_network_up`, `node_network_mtu_bytes`, `node_network_info` operstate. First 64 devices. */
  devices: Record<string, { up?: number; mtu?: number; operstate?: string }>;
  /** `node_sockstat_<name>` (`TCP_tw`, `TCP_inuse`, `sockets_used`, ...). */
  sockstat: Record<string, number>;
  /** The sample timestamp (ms) printed after a value, when present. */
  timestampMs?: number;
}

export interface NodeExporterMetrics {
  /** Sample lines read (all series, kept or not). */
  samples: number;
  /** Per `instance` label value, first 32 instances. */
  instances: Record<string, NodeExporterInstance>;
}

const SAMPLE =
  /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?[ \t]+([-+]?(?:[\d.]+(?:[eE][-+]?\d+)?|NaN|Inf))(?:[ \t]+(-?\d+))?\s*$/;
const META = /^# (?:HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]*(?: |$)/;
const LABEL = /([a-zA-Z_]\w*)\s*=\s*"((?:[^"\\]|\\.)*)"/g;
const MAX_INSTANCES = 32;
const MAX_DEVICES = 64;
const TOP = 4;

function number(text: string): number {
  if (/^[-+]?Inf$/.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  return Number(text);
}

function labels(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!text) return out;
  for (const m of text.matchAll(LABEL)) out[m[1]!] = m[2]!.replace(/\\(.)/g, '$1');
  return out;
}

function strip(line: string): string {
  return line.replace(/^[\s│┃]+/, '').trimEnd();
}

function classify(line: string): LineScore {
  const text = strip(line);
  if (META.test(text)) return text.startsWith('# HELP node_') || text.startsWith('# TYPE node_') ? 2 : 1;
  const m = SAMPLE.exec(text);
  if (!m) return 0;
  // node_exporter's own series, or a labelled sample (`name{k="v"} 1`): only the exposition format prints these.
  if (m[1]!.startsWith('node_') || m[2]?.includes('="')) return 2;
  return 1;
}

export const nodeMetricsParser = lineParser<NodeExporterMetrics>({
  kind: 'node-metrics',
  command: /^(?:(?:curl|wget)\b.*(?:metrics|:9100|:9101)|promtool\b)/,
  classify,
  read(notes) {
    const value: NodeExporterMetrics = { samples: 0, instances: {} };
    const instance = (name: string): NodeExporterInstance | undefined => {
      let inst = value.instances[name];
      if (!inst) {
        if (Object.keys(value.instances).length >= MAX_INSTANCES) return undefined;
        inst = { stats: {}, statTop: {}, statSeries: {}, devices: {}, sockstat: {} };
        value.instances[name] = inst;
      }
      return inst;
    };
    const device = (inst: NodeExporterInstance, name: string) => {
      let d = inst.devices[name];
      if (!d && Object.keys(inst.devices).length < MAX_DEVICES) {
        d = {};
        inst.devices[name] = d;
      }
      return d;
    };
    return {
      push(raw) {
        const text = strip(raw);
        if (text === '' || text.startsWith('#')) return;
        const m = SAMPLE.exec(text);
        if (!m) {
          notes.skip('not a metric sample', raw);
          return;
        }
        value.samples++;
        const name = m[1]!;
        if (!name.startsWith('node_')) return;
        const v = number(m[3]!);
        if (Number.isNaN(v)) return;
        const l = labels(m[2]);
        const inst = instance(l.instance ?? '');
        if (!inst) return;
        if (m[4] !== undefined) inst.timestampMs = Number(m[4]);
        if (name === 'node_nf_conntrack_entries') inst.entries = v;
        else if (name === 'node_nf_conntrack_entries_limit') inst.limit = v;
        else if (name.startsWith('node_nf_conntrack_stat_')) {
          const stat = name.slice('node_nf_conntrack_stat_'.length);
          inst.stats[stat] = (inst.stats[stat] ?? 0) + v;
          inst.statSeries[stat] = (inst.statSeries[stat] ?? 0) + 1;
          const top = inst.statTop[stat] ?? [];
          inst.statTop[stat] = top;
          top.push({ cpu: l.cpu ?? '?', value: v });
          top.sort((a, b) => b.value - a.value);
          if (top.length > TOP) top.length = TOP;
        } else if (name.startsWith('node_sockstat_')) {
          inst.sockstat[name.slice('node_sockstat_'.length)] = v;
        } else if (l.device !== undefined) {
          const d = name.startsWith('node_network_') ? device(inst, l.device) : undefined;
          if (!d) return;
          if (name === 'node_network_up') d.up = v;
          else if (name === 'node_network_mtu_bytes') d.mtu = v;
          else if (name === 'node_network_info' && l.operstate !== undefined) d.operstate = l.operstate;
        }
      },
      end() {
        return value;
      },
    };
  },
});
