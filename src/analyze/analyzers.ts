// Every analyzer, one family list after another: the order findings are drawn in.
import type { Analyzer } from './analyzer.js';
import { CILIUM_ANALYZERS } from './cilium/cilium-analyzers.js';
import { CONNTRACK_ANALYZERS } from './conntrack/conntrack-analyzers.js';
import { DNS_ANALYZERS } from './dns/dns-analyzers.js';
import { LOG_ANALYZERS } from './logs/log-analyzers.js';
import { METRIC_ANALYZERS } from './metrics/metric-analyzers.js';
import { NETWORK_ANALYZERS } from './network/network-analyzers.js';
import { PACKET_FILTER_ANALYZERS } from './packet-filter/packet-filter-analyzers.js';
import { analyzeReportIntegrity } from './report-integrity.js';
import { SOCKET_ANALYZERS } from './sockets/socket-analyzers.js';

/** Every analyzer, in the order they run (the order in which findings sharing an id are merged). */
export const ANALYZERS: readonly Analyzer[] = [
  analyzeReportIntegrity,
  ...CONNTRACK_ANALYZERS,
  ...LOG_ANALYZERS,
  ...METRIC_ANALYZERS,
  ...PACKET_FILTER_ANALYZERS,
  ...DNS_ANALYZERS,
  ...SOCKET_ANALYZERS,
  ...NETWORK_ANALYZERS,
  ...CILIUM_ANALYZERS,
];
