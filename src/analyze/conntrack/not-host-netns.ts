// Draws `collector.not-host-netns`: the collector ran in a pod's network namespace, so conntrack is the pod's.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { collectorNetns } from '../readings/table-size.js';

/**
 * `collector.not-host-netns` (warning): the collector ran in a pod's network namespace, so conntrack counts, the
 * table listing and the statistics are the pod's, not the node's. Count-based findings are left out then.
 */
export function analyzeNotHostNetns(report: Report): Finding[] {
  const { netns, reason } = collectorNetns(report);
  if (netns !== 'pod') return [];
  return [
    {
      id: 'collector.not-host-netns',
      severity: 'warning',
      title:
        "The collector did not run in the node's network namespace: conntrack numbers are the pod's, not the node's",
      evidence: [
        `netns=pod${reason ? ` (${reason})` : ''}`,
        'nf_conntrack_count, conntrack -L and conntrack -S are per network namespace (nf_conntrack_max is global): table pressure was not judged',
      ],
      fix: 'Run the collector with `hostNetwork: true` (and `hostPID: true`), or as `nsenter -t 1 -n -- sh collector.sh` on the node.',
    },
  ];
}
