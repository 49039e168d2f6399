// Draws `conntrack.table-pressure`: the table's count close to its limit, with the trend when sampled twice.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { collectorNetns, percent, tableSize } from '../readings/table-size.js';

const WARNING = 0.75;
const CRITICAL = 0.9;

/** `conntrack.table-pressure`: count/max at 75 % (warning) or 90 % (critical), with the trend when sampled twice. */
export function analyzeTablePressure(report: Report): Finding[] {
  const size = tableSize(report);
  const { count, max } = size;
  if (count === undefined || max === undefined || max <= 0) return [];
  if (collectorNetns(report).netns === 'pod') return [];
  const ratio = count / max;
  if (ratio < WARNING) return [];
  const severity = ratio >= CRITICAL ? 'critical' : 'warning';
  const evidence = [
    `nf_conntrack_count ${count} of nf_conntrack_max ${max}: ${percent(count, max)} full (count from ${size.countFrom}, max from ${size.maxFrom})`,
  ];
  const first = size.counts[0];
  if (size.counts.length > 1 && first !== undefined) {
    const change = count - first;
    evidence.push(
      change > 0 ? `count rose from ${first} to ${count}: still rising` : `count went from ${first} to ${count}`,
    );
  }
  if (size.buckets !== undefined)
    evidence.push(`hash buckets ${size.buckets} (${(count / size.buckets).toFixed(1)} entries per bucket)`);
  return [
    {
      id: 'conntrack.table-pressure',
      severity,
      title: `The conntrack table is ${percent(count, max)} full${severity === 'critical' ? ': it will drop new connections at 100 %' : ''}`,
      evidence,
      fix: `Raise \`net.netfilter.nf_conntrack_max\` (e.g. \`sysctl -w net.netfilter.nf_conntrack_max=${Math.max(
        262144,
        2 ** Math.ceil(Math.log2(count * 2)),
      )}\`), through kube-proxy \`conntrack.maxPerCore\`/\`conntrack.min\` where kube-proxy manages it; shorten \`conntrack.tcpEstablishedTimeout\`; find the pods holding most entries with \`conntrack -L\`.`,
    },
  ];
}
