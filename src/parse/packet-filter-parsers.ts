import type { Parser } from './parser.js';

/** Parsers of the packet-filter kinds, most specific first (ties between signatures go to the earlier parser). */
export const PACKET_FILTER_PARSERS: Parser[] = [];
