// Draws `neighbour.table-overflow` from the kernel log ("neighbor table overflow").
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { itemsOf } from '../../parse/items-of.js';
import { kernelLogParser } from '../../parse/logs/kernel-log.js';
import { describeOccurrences, exampleLines, kernelStat } from '../readings/kernel-log-stats.js';

/** `neighbour.table-overflow` from "neighbour: arp_cache: neighbor table overflow!". */
export function analyzeNeighbourOverflow(report: Report): Finding[] {
  const s = kernelStat(report, 'neighbour-overflow');
  if (!s) return [];
  const tables = [...new Set(itemsOf(report, kernelLogParser).flatMap((i) => i.value.neighbourTables))];
  const v6 = tables.includes('ndisc_cache');
  const v4 = !v6 || tables.includes('arp_cache');
  const sysctls: string[] = [];
  for (const [on, family] of [
    [v4, 'ipv4'],
    [v6, 'ipv6'],
  ] as const) {
    if (!on) continue;
    sysctls.push(
      `net.${family}.neigh.default.gc_thresh1=8192`,
      `net.${family}.neigh.default.gc_thresh2=32768`,
      `net.${family}.neigh.default.gc_thresh3=65536`,
    );
  }
  return [
    {
      id: 'neighbour.table-overflow',
      severity: 'critical',
      title: 'The neighbour (ARP/NDP) table overflowed: traffic to new neighbours fails',
      evidence: [
        `kernel log: "neighbor table overflow" (${tables.join(', ') || 'neighbour table'}) ${describeOccurrences(s)}`,
        ...exampleLines(s),
      ],
      fix:
        `Raise the neighbour table limits above the number of neighbours (\`ip -4 neigh | wc -l\`, \`ip -6 neigh | wc -l\`): ` +
        `\`sysctl -w ${sysctls.join(' ')}\` and persist them in /etc/sysctl.d/. Large flat pod networks (many pods/nodes ` +
        'on one L2 segment) hit the default gc_thresh3 of 1024.',
    },
  ];
}
