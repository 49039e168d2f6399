import type { Parser } from './parser.js';

/** Parsers of the network kinds, most specific first (ties between signatures go to the earlier parser). */
export const NETWORK_PARSERS: Parser[] = [];
