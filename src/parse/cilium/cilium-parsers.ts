// The Cilium family's parser list: the agent's status, BPF conntrack listing, metrics, monitor and Hubble flows.
import type { Parser } from '../parser.js';
import { ciliumCtListParser } from './cilium-ct-list.js';
import { ciliumMetricsParser } from './cilium-metrics.js';
import { ciliumMonitorParser } from './cilium-monitor.js';
import { ciliumStatusParser } from './cilium-status.js';
import { hubbleFlowsParser } from './hubble-flows.js';

/** Parsers of the Cilium kinds (ties between signatures go to the earlier parser). */
export const CILIUM_PARSERS: readonly Parser[] = [
  ciliumStatusParser,
  ciliumCtListParser,
  ciliumMetricsParser,
  ciliumMonitorParser,
  hubbleFlowsParser,
];
