// The parser of Cilium's metrics: `cilium-dbg metrics list` (`Metric Labels Value` table) and the agent's (and
// Hubble's) Prometheus exposition: drops by reason, BPF map pressure, failing controllers, unreachable nodes.
import type { LineScore } from '../parser.js';
import { lineParser } from '../shared/line-parser.js';
import { trimPasted } from '../shared/strip-backticks.js';

export interface CiliumMetrics {
  /** Sample lines read. */
  samples: number;
  /** `cilium_drop_count_total` (and `hubble_drop_total`) summed by reason (as printed), first 40 reasons. */
  drops: Record<string, number>;
  /** Where the drops came from: `cilium_drop_count_total` or `hubble_drop_total`. */
  dropSeries: string[];
  /** `cilium_bpf_map_pressure` by map name (0..1, the largest sample). */
  mapPressure: Record<string, number>;
  /** `cilium_bpf_map_ops_total{outcome="fail"}` summed by map name. */
  mapOpsFailed: Record<string, number>;
  controllersFailing?: number;
  unreachableNodes?: number;
  unreachableHealthEndpoints?: number;
  /** `cilium_datapath_conntrack_gc_entries{status="alive"}` by family/protocol (`ipv4 TCP`). */
  ctAlive: Record<string, number>;
  /** The drops came from cilium-cli's connectivity test (`Found unexpected packet drops:`): counted during the test. */
  duringTest: boolean;
}

/** `name{labels} value` (exposition) or `name   k="v" k="v"   value` (`metrics list`). */
const EXPOSITION =
  /^((?:cilium|hubble)_[a-zA-Z0-9_:]*)(?:\{(.*)\})?[ \t]+([-+]?(?:[\d.]+(?:[eE][-+]?\d+)?|NaN|Inf))(?:[ \t]+-?\d+)?$/;
const LIST_ROW =
  /^((?:cilium|hubble)_[a-zA-Z0-9_:]*)\s+((?:[a-zA-Z_]\w*="[^"]*"\s*)*)\s*([-+]?(?:[\d.]+(?:[eE][-+]?\d+)?|NaN|Inf))$/;
const OTHER_SAMPLE =
  /^[a-zA-Z_:][a-zA-Z0-9_:]*(?:\{.*\})?[ \t]+[-+]?(?:[\d.]+(?:[eE][-+]?\d+)?|NaN|Inf)(?:[ \t]+-?\d+)?$/;
const LABEL = /([a-zA-Z_]\w*)\s*=\s*"((?:[^"\\]|\\.)*)"/g;
const MAX_KEYS = 40;

function labels(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!text) return out;
  for (const m of text.matchAll(LABEL)) out[m[1]!] = m[2]!;
  return out;
}

function classify(line: string): LineScore {
  const text = trimPasted(line);
  if (/^(?:cilium|hubble)_/.test(text)) return EXPOSITION.test(text) || LIST_ROW.test(text) ? 2 : 0;
  if (/^# (?:HELP|TYPE) (?:cilium|hubble)_/.test(text)) return 2;
  if (/^Metric\s+Labels\s+Value$/.test(text)) return 2;
  if (/Found unexpected packet drops:$/.test(text)) return 2;
  if (/^"name":\s*"(?:cilium|hubble)_\w+"/.test(text)) return 2;
  if (/^(?:[{}\]],?|"labels":\s*\{|"(?:direction|reason|value)":\s*\S)/.test(text)) return 1;
  if (/^# (?:HELP|TYPE) /.test(text) || OTHER_SAMPLE.test(text)) return 1;
  return 0;
}

function bump(map: Record<string, number>, key: string, v: number): void {
  if (map[key] === undefined && Object.keys(map).length >= MAX_KEYS) return;
  map[key] = (map[key] ?? 0) + v;
}

export const ciliumMetricsParser = lineParser<CiliumMetrics>({
  kind: 'cilium-metrics',
  command:
    /^(?:(?:kubectl\b.*\bexec\b.*\s)?cilium(?:-dbg)?\s+metrics\s+(?:list|dump)\b|(?:curl|wget)\b.*:(?:9962|9965|9963)\b)/,
  classify,
  read(notes) {
    const value: CiliumMetrics = {
      samples: 0,
      drops: {},
      dropSeries: [],
      mapPressure: {},
      mapOpsFailed: {},
      ctAlive: {},
      duringTest: false,
    };
    // cilium-cli's connectivity test prints each unexpected drop as a JSON object: labels, name, value.
    let json: { reason?: string; name?: string } = {};
    return {
      push(raw) {
        const text = trimPasted(raw);
        if (text === '' || text.startsWith('#') || /^Metric\s+Labels\s+Value$/.test(text)) return;
        if (/Found unexpected packet drops:$/.test(text)) {
          value.duringTest = true;
          return;
        }
        const field = /^"(reason|name|value)":\s*"?([^"]*)"?,?$/.exec(text);
        if (field) {
          if (field[1] === 'value') {
            if ((json.name === 'cilium_drop_count_total' || json.name === 'hubble_drop_total') && json.reason) {
              if (!value.dropSeries.includes(json.name)) value.dropSeries.push(json.name);
              bump(value.drops, json.reason, Number(field[2]) || 0);
              value.samples++;
            }
            json = {};
          } else json[field[1] as 'reason' | 'name'] = field[2]!;
          return;
        }
        if (/^(?:[{}\]],?|"labels":\s*\{|"direction":)/.test(text)) return;
        const m = EXPOSITION.exec(text) ?? LIST_ROW.exec(text);
        if (!m) {
          if (!OTHER_SAMPLE.test(text)) notes.skip('not a metric sample', raw);
          else value.samples++;
          return;
        }
        value.samples++;
        const name = m[1]!;
        const v = Number(m[3]);
        if (Number.isNaN(v)) return;
        const l = labels(m[2]);
        if (name === 'cilium_drop_count_total' || name === 'hubble_drop_total') {
          if (!value.dropSeries.includes(name)) value.dropSeries.push(name);
          bump(value.drops, l.reason ?? 'unknown drop reason', v);
        } else if (name === 'cilium_bpf_map_pressure') {
          const map = l.map_name ?? '?';
          if (value.mapPressure[map] === undefined || v > value.mapPressure[map]!) {
            if (value.mapPressure[map] !== undefined || Object.keys(value.mapPressure).length < MAX_KEYS) {
              value.mapPressure[map] = v;
            }
          }
        } else if (name === 'cilium_bpf_map_ops_total' && l.outcome === 'fail') {
          bump(value.mapOpsFailed, l.map_name ?? l.mapName ?? '?', v);
        } else if (name === 'cilium_controllers_failing') value.controllersFailing = v;
        else if (name === 'cilium_unreachable_nodes') value.unreachableNodes = v;
        else if (name === 'cilium_unreachable_health_endpoints') value.unreachableHealthEndpoints = v;
        else if (name === 'cilium_datapath_conntrack_gc_entries' && l.status === 'alive') {
          bump(value.ctAlive, `${l.family ?? ''} ${l.protocol ?? ''}`.trim(), v);
        }
      },
      end() {
        return value;
      },
    };
  },
});
