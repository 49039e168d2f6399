// The sockets family's parser list: the kernel's socket counts (`ss -s`, /proc/net/sockstat) and SNMP counters (`netstat -s`, `nstat`).
import type { Parser } from '../parser.js';
import { netstatStatsParser } from './netstat-stats.js';
import { sockstatParser } from './sockstat.js';
import { ssSummaryParser } from './ss-summary.js';

/** Parsers of the socket-count kinds, most specific first (ties between signatures go to the earlier parser). */
export const SOCKET_PARSERS: readonly Parser[] = [ssSummaryParser, sockstatParser, netstatStatsParser];
