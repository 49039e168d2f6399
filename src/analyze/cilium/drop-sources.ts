// Every drop the report shows, by reason: live events (`cilium-dbg monitor`, `hubble observe`) and the agent's
// cumulative counters (`cilium_drop_count_total`, `hubble_drop_total`).
import type { Report } from '../../domain/report.js';
import { ciliumMetricsParser } from '../../parse/cilium/cilium-metrics.js';
import { ciliumMonitorParser } from '../../parse/cilium/cilium-monitor.js';
import { type DropReason, isPolicyDrop, reasonOfText } from '../../parse/cilium/drop-reasons.js';
import type { DropReasonCount } from '../../parse/cilium/drop-tally.js';
import { hubbleFlowsParser } from '../../parse/cilium/hubble-flows.js';
import { itemsOf } from '../../parse/items-of.js';

export interface DropSeen {
  reason: DropReason;
  count: number;
  /** `live`: events printed as they happened; `counter`: a counter since the agent started. */
  how: 'live' | 'counter';
  /** Where: `cilium monitor`, `hubble observe`, `cilium_drop_count_total`. */
  from: string;
  pairs: { pair: string; count: number }[];
  example?: string;
}

/** Drops by reason and source, most frequent first. */
export function dropsSeen(report: Report): DropSeen[] {
  const out: DropSeen[] = [];
  const live = (from: string, reasons: DropReasonCount[]) => {
    for (const r of reasons) {
      out.push({ reason: r.reason, count: r.count, how: 'live', from, pairs: r.pairs, example: r.example });
    }
  };
  for (const item of itemsOf(report, ciliumMonitorParser)) live('cilium monitor', item.value.reasons);
  for (const item of itemsOf(report, hubbleFlowsParser)) {
    live('hubble observe', item.value.reasons);
    // Denying policy verdicts stand for their drops when Hubble printed no drop event of that reason.
    if (!item.value.reasons.some((r) => isPolicyDrop(r.reason))) {
      live('hubble observe, policy-verdict DENIED', item.value.denied.reasons);
    }
  }
  for (const item of itemsOf(report, ciliumMetricsParser)) {
    const series = item.value.dropSeries.join('/') || 'cilium_drop_count_total';
    // The connectivity test reports drops counted while it ran: drops happening now, not history.
    const how = item.value.duringTest ? 'live' : 'counter';
    const from = item.value.duringTest ? `cilium connectivity test, ${series}` : series;
    for (const [name, count] of Object.entries(item.value.drops)) {
      if (count > 0) out.push({ reason: reasonOfText(name), count, how, from, pairs: [] });
    }
  }
  return out.sort((a, b) => b.count - a.count);
}

/** `12x Policy denied (hubble observe): default/a -> default/b:80 (7), ...` */
export function describeDrop(d: DropSeen): string {
  const pairs = d.pairs.slice(0, 4).map((p) => `${p.pair} (${p.count})`);
  const what =
    d.how === 'counter'
      ? `${d.from}{reason="${d.reason.name}"} = ${d.count}`
      : `${d.count}x ${d.reason.name} (${d.from})`;
  return pairs.length > 0
    ? `${what}: ${pairs.join(', ')}`
    : d.example && d.how === 'live'
      ? `${what}; e.g. ${d.example}`
      : what;
}
