// The network family's analyzer list: MTU along the node's links, and its routes.
import type { Analyzer } from '../analyzer.js';
import { analyzeMissingPodRoute } from './missing-pod-route.js';
import { analyzeMtuMismatch } from './mtu-mismatch.js';
import { analyzeRouteFlapping } from './route-flapping.js';
import { analyzeRouteUnreachable } from './route-unreachable.js';

/** Analyzers drawing link and route findings, in the order they run. */
export const NETWORK_ANALYZERS: readonly Analyzer[] = [
  analyzeMtuMismatch,
  analyzeMissingPodRoute,
  analyzeRouteUnreachable,
  analyzeRouteFlapping,
];
