// Draws `conntrack.table-full` from the table's counts and the kernel's counters (logs/ draws it from the kernel log).
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { describeCounter, describeRise, seriesDelta, statsSeries } from '../readings/stats-series.js';
import { collectorNetns, percent, tableSize } from '../readings/table-size.js';

const FIX =
  "Raise the table: `sysctl -w net.netfilter.nf_conntrack_max=<2-4x the peak count>` (and the hashsize, `echo <max/4> > /sys/module/nf_conntrack/parameters/hashsize`); where kube-proxy manages it, set `conntrack.maxPerCore` (or `conntrack.min`) in its config instead, or it will set it back. Then find the connection-heavy pods (`conntrack -L | awk '{print $5}' | sort | uniq -c | sort -rn | head`) and shorten `nf_conntrack_tcp_timeout_established` (kube-proxy `conntrack.tcpEstablishedTimeout`).";

/**
 * `conntrack.table-full` from counts and counters: count at the max, `early_drop` or unexplained `drop` rising
 * between two samples (critical), or `early_drop` since boot (warning: the table was full at some point).
 * The kernel-log variant is drawn elsewhere.
 */
export function analyzeTableFull(report: Report): Finding[] {
  const evidence: string[] = [];
  let severity: Finding['severity'] | undefined;
  const raise = (s: Finding['severity']) => {
    if (severity !== 'critical') severity = s;
  };
  const size = tableSize(report);
  const inPod = collectorNetns(report).netns === 'pod';
  const { count, max } = size;
  if (!inPod && count !== undefined && max !== undefined && max > 0 && count >= max) {
    raise('critical');
    evidence.push(`nf_conntrack_count ${count} >= nf_conntrack_max ${max} (${percent(count, max)}, ${size.countFrom})`);
  }
  const nearlyEmpty = count !== undefined && max !== undefined && max > 0 && count < 0.9 * max && !inPod;
  for (const series of statsSeries(report)) {
    const last = series.samples.at(-1)!.sample;
    const delta = seriesDelta(report, series);
    if (delta) {
      const early = delta.delta.early_drop ?? 0;
      const otherDrops = (delta.delta.drop ?? 0) - (delta.delta.insert_failed ?? 0);
      if (early > 0) {
        raise('critical');
        evidence.push(describeRise('early_drop', early, delta.seconds));
      }
      // Drops not explained by insert races, with no sign the table is below its max: the table refuses entries.
      if (otherDrops > 0 && !nearlyEmpty) {
        raise('critical');
        evidence.push(describeRise('drop', delta.delta.drop ?? 0, delta.seconds));
      }
      if (early > 0 || (otherDrops > 0 && !nearlyEmpty)) continue;
    }
    if ((last.totals.early_drop ?? 0) > 0) {
      raise('warning');
      evidence.push(
        `${describeCounter(last, 'early_drop', series.label)}: the table was full at some point (entries were evicted to make room)`,
      );
    }
  }
  if (!severity) return [];
  if (size.max !== undefined && !evidence.some((e) => e.includes('nf_conntrack_max')))
    evidence.push(
      `nf_conntrack_max ${size.max}${size.count !== undefined && !inPod ? `, count ${size.count} (${percent(size.count, size.max)})` : ''}`,
    );
  return [
    {
      id: 'conntrack.table-full',
      severity,
      title:
        severity === 'critical'
          ? 'The conntrack table is full: new connections are being dropped'
          : 'The conntrack table has been full since boot (early_drop > 0): new connections were dropped or evicted',
      evidence,
      fix: FIX,
    },
  ];
}
