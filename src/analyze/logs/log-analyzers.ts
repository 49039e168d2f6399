import type { Analyzer } from './analyzer.js';
import { analyzeCniErrors } from './logs/cni-errors.js';
import { analyzeCniMtu } from './logs/cni-mtu.js';
import { analyzeFirewallLoggedDrops } from './logs/firewall-logged-drops.js';
import { analyzeIpvsNoDestination } from './logs/ipvs-no-destination.js';
import { analyzeKernelTableFull } from './logs/kernel-conntrack-table-full.js';
import { analyzeKernelSocketLimits } from './logs/kernel-socket-limits.js';
import { analyzeKubeProxyContext } from './logs/kube-proxy-context.js';
import { analyzeKubeProxyProblems } from './logs/kube-proxy-problems.js';
import { analyzeNeighbourOverflow } from './logs/neighbour-table-overflow.js';
import { analyzeConntrackEntriesMetrics } from './metrics/conntrack-entries-metrics.js';
import { analyzeConntrackStatMetrics } from './metrics/conntrack-stat-metrics.js';

/** Analyzers drawing log findings (kernel, kube-proxy and CNI agent logs) and node_exporter metric findings. */
export const LOG_ANALYZERS: Analyzer[] = [
  analyzeKernelTableFull,
  analyzeIpvsNoDestination,
  analyzeNeighbourOverflow,
  analyzeFirewallLoggedDrops,
  analyzeKernelSocketLimits,
  analyzeKubeProxyProblems,
  analyzeKubeProxyContext,
  analyzeCniErrors,
  analyzeCniMtu,
  analyzeConntrackEntriesMetrics,
  analyzeConntrackStatMetrics,
];
