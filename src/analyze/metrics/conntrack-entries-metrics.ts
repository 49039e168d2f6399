// Draws the conntrack table findings from node_exporter's entries and limit: full, pressure, a low limit.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { metricSamples, nodeLabel } from '../readings/metric-samples.js';

const WARN = 0.75;
const CRIT = 0.9;
const LOW_MAX = 131072;

const SIZE_FIX =
  'Raise `nf_conntrack_max` (through kube-proxy `conntrack.maxPerCore`/`conntrack.min` where kube-proxy manages it, ' +
  'else `sysctl -w net.netfilter.nf_conntrack_max=<2x peak>`), the hashsize with it (max/4), shorten ' +
  '`nf_conntrack_tcp_timeout_established`, and find the connection-heavy pods (`conntrack -L | ... | sort | uniq -c`).';

/**
 * node_exporter `node_nf_conntrack_entries` against `node_nf_conntrack_entries_limit`: `conntrack.table-full` at the
 * limit, `conntrack.table-pressure` from 75 %, `conntrack.max-low` (info) for a limit of 131072 or less.
 */
export function analyzeConntrackEntriesMetrics(report: Report): Finding[] {
  const findings: Finding[] = [];
  for (const [instance, samples] of metricSamples(report)) {
    const last = [...samples].reverse().find((s) => s.values.entries !== undefined && s.values.limit !== undefined);
    const limit = last?.values.limit ?? samples.find((s) => s.values.limit !== undefined)?.values.limit;
    const node = nodeLabel(instance);
    if (last && limit !== undefined && limit > 0) {
      const entries = last.values.entries!;
      const ratio = entries / limit;
      const line = `${node}node_nf_conntrack_entries ${entries} / node_nf_conntrack_entries_limit ${limit} = ${(ratio * 100).toFixed(1)} %`;
      if (entries >= limit) {
        findings.push({
          id: 'conntrack.table-full',
          severity: 'critical',
          title: 'The conntrack table is full: new connections are dropped',
          evidence: [line],
          fix: SIZE_FIX,
        });
      } else if (ratio >= WARN) {
        findings.push({
          id: 'conntrack.table-pressure',
          severity: ratio >= CRIT ? 'critical' : 'warning',
          title: `The conntrack table is ${(ratio * 100).toFixed(0)} % full`,
          evidence: [line],
          fix: SIZE_FIX,
        });
      }
    }
    if (limit !== undefined && limit > 0 && limit <= LOW_MAX) {
      findings.push({
        id: 'conntrack.max-low',
        severity: 'info',
        title: `nf_conntrack_max is ${limit}, the common default: size it for the node's traffic`,
        evidence: [`${node}node_nf_conntrack_entries_limit ${limit}`],
        fix: 'Raise kube-proxy `conntrack.maxPerCore`/`conntrack.min` (or `net.netfilter.nf_conntrack_max`) on busy nodes.',
      });
    }
  }
  return findings;
}
