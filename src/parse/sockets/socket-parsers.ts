// The sockets family's parser list: the kernel's socket counts as `ss -s` and /proc/net/sockstat print them.
import type { Parser } from '../parser.js';
import { sockstatParser } from './sockstat.js';
import { ssSummaryParser } from './ss-summary.js';

/** Parsers of the socket-count kinds, most specific first (ties between signatures go to the earlier parser). */
export const SOCKET_PARSERS: readonly Parser[] = [ssSummaryParser, sockstatParser];
