// Every parser, one family list after another: the order in which they claim a block.
import { CILIUM_PARSERS } from './cilium/cilium-parsers.js';
import { CONNTRACK_PARSERS } from './conntrack/conntrack-parsers.js';
import { DNS_PARSERS } from './dns/dns-parsers.js';
import { LOG_PARSERS } from './logs/log-parsers.js';
import { METRIC_PARSERS } from './metrics/metric-parsers.js';
import { NETWORK_PARSERS } from './network/network-parsers.js';
import { PACKET_FILTER_PARSERS } from './packet-filter/packet-filter-parsers.js';
import type { Parser } from './parser.js';
import { SOCKET_PARSERS } from './sockets/socket-parsers.js';

/** Every parser, in priority order: when two claim a line as their signature, the earlier one wins. */
export const PARSERS: readonly Parser[] = [
  ...CILIUM_PARSERS,
  ...LOG_PARSERS,
  ...METRIC_PARSERS,
  ...CONNTRACK_PARSERS,
  ...PACKET_FILTER_PARSERS,
  ...NETWORK_PARSERS,
  ...SOCKET_PARSERS,
  ...DNS_PARSERS,
];
