import type { Parser } from './parser.js';

/** Parsers of the log kinds, most specific first (ties between signatures go to the earlier parser). */
export const LOG_PARSERS: Parser[] = [];
