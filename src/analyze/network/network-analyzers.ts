import type { Analyzer } from './analyzer.js';
import { analyzeNdotsAmplification } from './dns/ndots-amplification.js';
import { analyzeResolvMisconfigured } from './dns/resolv-misconfigured.js';
import { analyzeDnsTimeout5s } from './dns/timeout-5s.js';
import { analyzeDnsUnreachable } from './dns/unreachable.js';
import { analyzeMtuMismatch } from './mtu/mismatch.js';
import { analyzeRouteFlapping } from './route/flapping.js';
import { analyzeMissingPodRoute } from './route/missing-pod-route.js';
import { analyzeRouteUnreachable } from './route/unreachable.js';
import { analyzeOrphansHigh } from './sockets/orphans-high.js';
import { analyzeTimeWaitHigh } from './sockets/time-wait-high.js';

/** Analyzers drawing network findings. */
export const NETWORK_ANALYZERS: Analyzer[] = [
  analyzeNdotsAmplification,
  analyzeDnsTimeout5s,
  analyzeDnsUnreachable,
  analyzeResolvMisconfigured,
  analyzeTimeWaitHigh,
  analyzeOrphansHigh,
  analyzeMtuMismatch,
  analyzeMissingPodRoute,
  analyzeRouteUnreachable,
  analyzeRouteFlapping,
];
