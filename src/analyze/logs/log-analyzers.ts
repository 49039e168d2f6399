// The logs family's analyzer list: what the kernel, kube-proxy, kubelet and the CNI agents logged.
import type { Analyzer } from '../analyzer.js';
import { analyzeCniDataplaneProblems } from './cni-dataplane-problems.js';
import { analyzeCniErrors } from './cni-errors.js';
import { analyzeCniMtu } from './cni-mtu.js';
import { analyzeFirewallLoggedDrops } from './firewall-logged-drops.js';
import { analyzeIpvsNoDestination } from './ipvs-no-destination.js';
import { analyzeKernelTableFull } from './kernel-conntrack-table-full.js';
import { analyzeKernelSocketLimits } from './kernel-socket-limits.js';
import { analyzeKubeProxyContext } from './kube-proxy-context.js';
import { analyzeKubeProxyProblems } from './kube-proxy-problems.js';
import { analyzeKubeProxySyncSlow } from './kube-proxy-sync-slow.js';
import { analyzeKubeletProblems } from './kubelet-problems.js';
import { analyzeNeighbourOverflow } from './neighbour-table-overflow.js';
import { analyzeRandomFullyUnsupported } from './random-fully-unsupported.js';

/** Analyzers drawing log findings (kernel, kube-proxy and CNI agent logs), in the order they run. */
export const LOG_ANALYZERS: readonly Analyzer[] = [
  analyzeKernelTableFull,
  analyzeIpvsNoDestination,
  analyzeNeighbourOverflow,
  analyzeFirewallLoggedDrops,
  analyzeKernelSocketLimits,
  analyzeKubeProxyProblems,
  analyzeKubeProxyContext,
  analyzeKubeProxySyncSlow,
  analyzeKubeletProblems,
  analyzeRandomFullyUnsupported,
  analyzeCniErrors,
  analyzeCniDataplaneProblems,
  analyzeCniMtu,
];
