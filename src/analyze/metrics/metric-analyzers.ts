// The metrics family's analyzer list: conntrack as node_exporter and other agents expose it.
import type { Analyzer } from '../analyzer.js';
import { analyzeAgentConntrackMetrics } from './agent-conntrack-metrics.js';
import { analyzeConntrackEntriesMetrics } from './conntrack-entries-metrics.js';
import { analyzeConntrackStatMetrics } from './conntrack-stat-metrics.js';

/** Analyzers drawing node_exporter metric findings, in the order they run. */
export const METRIC_ANALYZERS: readonly Analyzer[] = [
  analyzeConntrackEntriesMetrics,
  analyzeConntrackStatMetrics,
  analyzeAgentConntrackMetrics,
];
