// The network family's analyzer list: MTU along the node's links, its routes and tunnels, softirq and interface counters.
import type { Analyzer } from '../analyzer.js';
import { analyzeInterfaceDrops } from './interface-drops.js';
import { analyzeMissingPodRoute } from './missing-pod-route.js';
import { analyzeMtuMismatch } from './mtu-mismatch.js';
import { analyzeRouteConflicts } from './route-conflicts.js';
import { analyzeRouteFlapping } from './route-flapping.js';
import { analyzeRouteUnreachable } from './route-unreachable.js';
import { analyzeSoftnetPressure } from './softnet-pressure.js';
import { analyzeTunnelState } from './tunnel-state.js';

/** Analyzers drawing link and route findings, in the order they run. */
export const NETWORK_ANALYZERS: readonly Analyzer[] = [
  analyzeMtuMismatch,
  analyzeMissingPodRoute,
  analyzeRouteUnreachable,
  analyzeRouteFlapping,
  analyzeRouteConflicts,
  analyzeTunnelState,
  analyzeSoftnetPressure,
  analyzeInterfaceDrops,
];
