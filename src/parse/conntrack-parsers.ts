import type { Parser } from './parser.js';

/** Parsers of the conntrack kinds, most specific first (ties between signatures go to the earlier parser). */
export const CONNTRACK_PARSERS: Parser[] = [];
