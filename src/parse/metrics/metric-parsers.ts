// The metrics family's parser list: node_exporter's exposition text, other agents' conntrack metrics.
import type { Parser } from '../parser.js';
import { agentMetricsParser } from './agent-metrics.js';
import { nodeMetricsParser } from './node-exporter-metrics.js';

/** Parsers of the metric kinds (ties between signatures go to the earlier parser). */
export const METRIC_PARSERS: readonly Parser[] = [nodeMetricsParser, agentMetricsParser];
