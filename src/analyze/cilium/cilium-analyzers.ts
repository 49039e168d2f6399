// The Cilium family's analyzer list: kube-proxy replacement, agent health, BPF conntrack maps and datapath drops.
import type { Analyzer } from '../analyzer.js';
import {
  analyzeAgentUnhealthy,
  analyzeControllersFailing,
  analyzeEndpointRegenerationFailed,
  analyzeHealthUnreachable,
} from './agent-status.js';
import { analyzeCiliumDrops } from './cilium-drops.js';
import { analyzeCiliumPolicyDrops } from './cilium-policy-drops.js';
import { analyzeCtInsertFailed, analyzeCtMapPressure } from './ct-map.js';
import { analyzeKubeProxyReplacement } from './kube-proxy-replacement.js';

/** Analyzers drawing Cilium findings, in the order they run. */
export const CILIUM_ANALYZERS: readonly Analyzer[] = [
  analyzeKubeProxyReplacement,
  analyzeAgentUnhealthy,
  analyzeControllersFailing,
  analyzeHealthUnreachable,
  analyzeEndpointRegenerationFailed,
  analyzeCtMapPressure,
  analyzeCtInsertFailed,
  analyzeCiliumPolicyDrops,
  analyzeCiliumDrops,
];
