// Draws `cilium.ct-map-pressure` (how full Cilium's BPF connection tracking maps are) and `cilium.ct-insert-failed`
// (new connections dropped because a CT entry could not be inserted).
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { ciliumCtListParser } from '../../parse/cilium/cilium-ct-list.js';
import { ciliumMetricsParser } from '../../parse/cilium/cilium-metrics.js';
import { ciliumStatusParser } from '../../parse/cilium/cilium-status.js';
import { isCtInsertFailed } from '../../parse/cilium/drop-reasons.js';
import { itemsOf } from '../../parse/items-of.js';
import { cniLogParser } from '../../parse/logs/cni-log.js';
import { describeDrop, dropsSeen } from './drop-sources.js';

const WARN = 0.75;
const CRIT = 0.9;
const CT_MAP = /^cilium_ct/;
/** Agent log lines about a full CT map or a failed insertion (creating the map at start-up is another matter). */
const CT_FULL_LOG =
  /CT: Map insertion failed|(?:conntrack|\bct\b|cilium_ct\S*)[^"]{0,80}(?:\bfull\b|no space left|ENOSPC|E2BIG)/i;
const MAP_CREATE = /creating map|map create|initializing conntrack map/i;

interface Fill {
  label: string;
  fill: number;
}

/** The CT maps' fill, from `cilium_bpf_map_pressure` and from a CT listing set against the status' map sizes. */
function ctFills(report: Report): Fill[] {
  const fills: Fill[] = [];
  for (const item of itemsOf(report, ciliumMetricsParser)) {
    for (const [map, v] of Object.entries(item.value.mapPressure)) {
      if (CT_MAP.test(map)) fills.push({ label: `cilium_bpf_map_pressure{map_name="${map}"} = ${v}`, fill: v });
    }
  }
  const status = itemsOf(report, ciliumStatusParser).map((i) => i.value);
  const maxTcp = status.find((s) => s.ctMaxTcp !== undefined)?.ctMaxTcp;
  const maxAny = status.find((s) => s.ctMaxAny !== undefined)?.ctMaxAny;
  for (const item of itemsOf(report, ciliumCtListParser)) {
    const v = item.value;
    if (v.counted || v.entries === 0) continue;
    if (maxTcp)
      fills.push({
        label: `bpf ct list: ${v.tcp} TCP entries of ${maxTcp} (TCP connection tracking map size)`,
        fill: v.tcp / maxTcp,
      });
    if (maxAny)
      fills.push({
        label: `bpf ct list: ${v.nonTcp} non-TCP entries of ${maxAny} (non-TCP connection tracking map size)`,
        fill: v.nonTcp / maxAny,
      });
  }
  return fills.sort((a, b) => b.fill - a.fill);
}

function pct(fill: number): string {
  return `${Math.round(fill * 1000) / 10}%`;
}

/** `cilium.ct-map-pressure`: warning at 75 % of a CT map, critical at 90 %; info with the sizes otherwise. */
export function analyzeCtMapPressure(report: Report): Finding[] {
  const fills = ctFills(report);
  const lists = itemsOf(report, ciliumCtListParser).map((i) => i.value);
  if (fills.length === 0 && lists.length === 0) return [];
  const top = fills[0];
  const evidence = fills.slice(0, 4).map((f) => `${f.label} (${pct(f.fill)})`);
  if (fills.length === 0) {
    for (const l of lists) {
      evidence.push(
        l.counted
          ? `bpf ct list | wc -l: ${l.entries} entries`
          : `bpf ct list: ${l.entries} entries (${l.tcp} TCP, ${l.nonTcp} non-TCP, ${l.service} service); the map sizes are not in the input (\`cilium-dbg status --verbose\`, "BPF Maps")`,
      );
    }
  }
  const severity = top && top.fill >= CRIT ? 'critical' : top && top.fill >= WARN ? 'warning' : 'info';
  return [
    {
      id: 'cilium.ct-map-pressure',
      severity,
      title:
        severity === 'info'
          ? top
            ? `Cilium's BPF conntrack maps are ${pct(top.fill)} full at most`
            : "Cilium's BPF conntrack map entries (no map size to compare with)"
          : `Cilium's BPF conntrack map is ${pct(top!.fill)} full: new connections will fail to get an entry`,
      evidence,
      fix: 'Raise the CT map sizes (`bpf-ct-global-tcp-max`/`bpf-ct-global-any-max`, or `bpf-map-dynamic-size-ratio`, Helm `bpf.ctTcpMax`/`bpf.ctAnyMax`/`bpf.mapDynamicSizeRatio`; a restart of the agent applies them), check the CT garbage collector interval (`conntrack-gc-interval`) and find the connection-heavy pods.',
    },
  ];
}

/** `cilium.ct-insert-failed`: drops "CT: Map insertion failed" (live: critical from 10, else warning). */
export function analyzeCtInsertFailed(report: Report): Finding[] {
  const drops = dropsSeen(report).filter((d) => isCtInsertFailed(d.reason));
  const evidence = drops.slice(0, 4).map(describeDrop);
  for (const item of itemsOf(report, ciliumMetricsParser)) {
    for (const [map, n] of Object.entries(item.value.mapOpsFailed)) {
      if (CT_MAP.test(map) && n > 0) evidence.push(`cilium_bpf_map_ops_total{map_name="${map}",outcome="fail"} = ${n}`);
    }
  }
  for (const item of itemsOf(report, cniLogParser)) {
    for (const c of item.value.classes) {
      if (c.cni === 'cilium' && CT_FULL_LOG.test(c.example) && !MAP_CREATE.test(c.example))
        evidence.push(`agent log: ${c.count}x ${c.example}`);
    }
  }
  if (evidence.length === 0) return [];
  const liveCount = drops.filter((d) => d.how === 'live').reduce((n, d) => n + d.count, 0);
  const fill = ctFills(report)[0];
  if (fill && fill.fill < 0.5) {
    evidence.push(
      `the CT map is only ${pct(fill.fill)} full: on kernels before 6.15 a busy map (garbage collection or flush running) makes a few insertions fail without the map being full`,
    );
  }
  return [
    {
      id: 'cilium.ct-insert-failed',
      severity: liveCount >= 10 ? 'critical' : 'warning',
      title:
        'Cilium dropped packets because a connection tracking entry could not be inserted ("CT: Map insertion failed")',
      evidence,
      fix: 'Compare the CT entries with the map sizes (`cilium-dbg bpf ct list global | wc -l`, `cilium-dbg status --verbose` "BPF Maps", `cilium_bpf_map_pressure`): when near full, raise `bpf-ct-global-tcp-max`/`bpf-ct-global-any-max` (or `bpf-map-dynamic-size-ratio`) and shorten CT GC; when far from full, these are insertion races on a busy map: upgrade the kernel/Cilium.',
    },
  ];
}
