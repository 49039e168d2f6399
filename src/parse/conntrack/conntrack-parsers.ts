// The conntrack family's parser list: the table's counters, statistics and listings, and the node facts the
// conntrack readings need (the collector's basics, its netns check and the kernel parameters).
import type { Parser } from '../parser.js';
import { conntrackBreakdownParser } from './conntrack-breakdown.js';
import { conntrackCountParser } from './conntrack-count.js';
import { conntrackListParser } from './conntrack-list.js';
import { conntrackStatHexParser } from './conntrack-stat-hex.js';
import { conntrackStatsParser } from './conntrack-stats.js';
import { hostInfoParser } from './host-info.js';
import { netnsCheckParser } from './netns-check.js';
import { sysctlParser } from './sysctl.js';

/** Parsers of the conntrack kinds, most specific first (ties between signatures go to the earlier parser). */
export const CONNTRACK_PARSERS: readonly Parser[] = [
  conntrackStatHexParser,
  conntrackStatsParser,
  conntrackCountParser,
  conntrackBreakdownParser,
  conntrackListParser,
  sysctlParser,
  netnsCheckParser,
  hostInfoParser,
];
