import { CONNTRACK_PARSERS } from './conntrack-parsers.js';
import { LOG_PARSERS } from './log-parsers.js';
import { NETWORK_PARSERS } from './network-parsers.js';
import { PACKET_FILTER_PARSERS } from './packet-filter-parsers.js';
import type { Parser } from './parser.js';

/** Every parser, in priority order: when two claim a line as their signature, the earlier one wins. */
export const PARSERS: readonly Parser[] = [
  ...LOG_PARSERS,
  ...CONNTRACK_PARSERS,
  ...PACKET_FILTER_PARSERS,
  ...NETWORK_PARSERS,
];
