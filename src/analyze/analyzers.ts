import type { Analyzer } from './analyzer.js';
import { CONNTRACK_ANALYZERS } from './conntrack-analyzers.js';
import { LOG_ANALYZERS } from './log-analyzers.js';
import { NETWORK_ANALYZERS } from './network-analyzers.js';
import { PACKET_FILTER_ANALYZERS } from './packet-filter-analyzers.js';
import { analyzeReportIntegrity } from './report-integrity.js';

export const ANALYZERS: readonly Analyzer[] = [
  analyzeReportIntegrity,
  ...CONNTRACK_ANALYZERS,
  ...LOG_ANALYZERS,
  ...PACKET_FILTER_ANALYZERS,
  ...NETWORK_ANALYZERS,
];
