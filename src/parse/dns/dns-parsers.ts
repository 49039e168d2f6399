// The DNS family's parser list: the resolver's configuration, CoreDNS logs, tcpdump and strace traces, timed lookups.
import type { Parser } from '../parser.js';
import { corednsLogParser } from './coredns-log.js';
import { dnsTcpdumpParser } from './dns-tcpdump.js';
import { dnsTimingParser } from './dns-timing.js';
import { resolvConfParser } from './resolv-conf.js';
import { resolverStraceParser } from './resolver-strace.js';

/** Parsers of the DNS kinds, most specific first (ties between signatures go to the earlier parser). */
export const DNS_PARSERS: readonly Parser[] = [
  resolvConfParser,
  corednsLogParser,
  dnsTcpdumpParser,
  resolverStraceParser,
  dnsTimingParser,
];
