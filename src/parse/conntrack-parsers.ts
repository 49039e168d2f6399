import type { Parser } from './parser.js';
import { conntrackBreakdownParser } from './parsers/conntrack-breakdown.js';
import { conntrackCountParser } from './parsers/conntrack-count.js';
import { conntrackListParser } from './parsers/conntrack-list.js';
import { conntrackStatHexParser } from './parsers/conntrack-stat-hex.js';
import { conntrackStatsParser } from './parsers/conntrack-stats.js';
import { hostInfoParser } from './parsers/host-info.js';
import { netnsCheckParser } from './parsers/netns-check.js';
import { sysctlParser } from './parsers/sysctl.js';

/** Parsers of the conntrack kinds, most specific first (ties between signatures go to the earlier parser). */
export const CONNTRACK_PARSERS: Parser[] = [
  conntrackStatHexParser,
  conntrackStatsParser,
  conntrackCountParser,
  conntrackBreakdownParser,
  conntrackListParser,
  sysctlParser,
  netnsCheckParser,
  hostInfoParser,
] as Parser[];
