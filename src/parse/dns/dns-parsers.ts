// The DNS family's parser list: the resolver's configuration and timed lookups.
import type { Parser } from '../parser.js';
import { dnsTimingParser } from './dns-timing.js';
import { resolvConfParser } from './resolv-conf.js';

/** Parsers of the DNS kinds, most specific first (ties between signatures go to the earlier parser). */
export const DNS_PARSERS: readonly Parser[] = [resolvConfParser, dnsTimingParser];
