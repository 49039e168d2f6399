// Draws the conntrack counter findings from node_exporter's per-CPU stat gauges: insert races, drops, a full table.
import type { Finding, Severity } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import type { NodeExporterInstance } from '../../parse/metrics/node-exporter-metrics.js';
import { type MetricSample, metricSamples, nodeLabel, secondsBetween } from '../readings/metric-samples.js';

/** At most this many since boot, in one sample, is a handful: info only (docs/findings.md). */
const HANDFUL = 5;

function summed(v: NodeExporterInstance, stat: string): string {
  const total = v.stats[stat] ?? 0;
  const series = v.statSeries[stat] ?? 0;
  const top = (v.statTop[stat] ?? []).filter((c) => c.value > 0).map((c) => `cpu${c.cpu} ${c.value}`);
  const over = series > 1 ? ` summed over ${series} CPUs${top.length > 0 ? ` (${top.join(', ')})` : ''}` : '';
  return `node_nf_conntrack_stat_${stat} ${total}${over}`;
}

interface Change {
  delta: number;
  seconds?: number;
}

function change(first: MetricSample, last: MetricSample, stat: string, interval?: number): Change | undefined {
  if (first === last) return undefined;
  const a = first.values.stats[stat];
  const b = last.values.stats[stat];
  if (a === undefined || b === undefined) return undefined;
  const c: Change = { delta: b - a };
  const s = secondsBetween(first, last, interval);
  if (s !== undefined) c.seconds = s;
  return c;
}

function trend(stat: string, c: Change): string {
  const rate = c.seconds ? `, ${(c.delta / c.seconds).toFixed(2)}/s over ${c.seconds} s` : '';
  return c.delta > 0
    ? `${stat} still rising: +${c.delta} between the two samples${rate}`
    : `${stat} unchanged between the two samples`;
}

/**
 * node_exporter's per-CPU conntrack stat gauges: `conntrack.insert-failed`, `conntrack.drops`, and
 * `conntrack.table-full` from `early_drop`. One sample is cumulative since boot (never critical); two give the trend.
 */
export function analyzeConntrackStatMetrics(report: Report): Finding[] {
  const findings: Finding[] = [];
  const interval = report.collector?.interval;
  for (const [instance, all] of metricSamples(report)) {
    const samples = all.filter((s) => Object.keys(s.values.stats).length > 0);
    const first = samples[0];
    const last = samples.at(-1);
    if (!first || !last) continue;
    const node = nodeLabel(instance);
    const v = last.values;
    const severity = (stat: string): Severity | undefined => {
      const total = v.stats[stat] ?? 0;
      if (total <= 0) return undefined;
      const c = change(first, last, stat, interval);
      if (c) return c.delta > 0 ? 'critical' : 'info';
      return total <= HANDFUL ? 'info' : 'warning';
    };
    const evidence = (stat: string, also: string[] = []): string[] => {
      const c = change(first, last, stat, interval);
      return [`${node}${summed(v, stat)}`, ...(c ? [`${node}${trend(stat, c)}`] : []), ...also];
    };
    const earlyDrop = severity('early_drop');
    if (earlyDrop) {
      findings.push({
        id: 'conntrack.table-full',
        severity: earlyDrop === 'info' ? 'warning' : earlyDrop,
        title: 'The conntrack table has been full: early_drop evicts entries to make room',
        evidence: evidence('early_drop'),
        fix: 'Raise `nf_conntrack_max` (kube-proxy `conntrack.maxPerCore`/`conntrack.min`), the hashsize, and shorten timeouts.',
      });
    }
    const insertFailed = severity('insert_failed');
    const drop = v.stats.drop ?? 0;
    if (insertFailed) {
      findings.push({
        id: 'conntrack.insert-failed',
        severity: insertFailed,
        title: 'conntrack insert_failed > 0: the NAT port-allocation race drops packets (DNS 5 s timeouts)',
        evidence: evidence('insert_failed', drop > 0 ? [`${node}${summed(v, 'drop')}`] : []),
        fix:
          '`--random-fully` on MASQUERADE (newer kube-proxy/CNI, iptables >= 1.6.2), NodeLocal DNSCache, ' +
          '`options single-request-reopen` in pod dnsConfig, a kernel >= 5.0 with the clash-resolution fixes.',
      });
    } else if (drop > 0 && !earlyDrop) {
      findings.push({
        id: 'conntrack.drops',
        severity: severity('drop') ?? 'info',
        title: 'conntrack drops packets without insert_failed or a full table',
        evidence: evidence('drop'),
        fix: 'Check INVALID drops (`conntrack -S` invalid, LOG rules), conntrack helpers, and the datapath (`dmesg`).',
      });
    }
  }
  return findings;
}
