// The Cilium family's analyzer list: kube-proxy replacement, agent health, BPF conntrack maps and datapath drops.
import type { Analyzer } from '../analyzer.js';
import {
  analyzeAgentUnhealthy,
  analyzeControllersFailing,
  analyzeEndpointRegenerationFailed,
  analyzeHealthUnreachable,
} from './agent-status.js';
import { analyzeCtInsertFailed, analyzeCtMapPressure } from './ct-map.js';
import { analyzeCiliumDrops } from './drops.js';
import { analyzeKubeProxyReplacement } from './kube-proxy-replacement.js';
import { analyzePolicyDrops } from './policy-drops.js';

/** Analyzers drawing Cilium findings, in the order they run. */
export const CILIUM_ANALYZERS: readonly Analyzer[] = [
  analyzeKubeProxyReplacement,
  analyzeAgentUnhealthy,
  analyzeControllersFailing,
  analyzeHealthUnreachable,
  analyzeEndpointRegenerationFailed,
  analyzeCtMapPressure,
  analyzeCtInsertFailed,
  analyzePolicyDrops,
  analyzeCiliumDrops,
];
