import type { Parser } from './parser.js';
import { dnsTimingParser } from './parsers/dns-timing.js';
import { ifconfigParser } from './parsers/ifconfig.js';
import { ipLinkParser } from './parsers/ip-link.js';
import { ipMonitorParser } from './parsers/ip-monitor.js';
import { ipRouteParser } from './parsers/ip-route.js';
import { resolvConfParser } from './parsers/resolv-conf.js';
import { sockstatParser } from './parsers/sockstat.js';
import { ssSummaryParser } from './parsers/ss-summary.js';

/** Parsers of the network kinds, most specific first (ties between signatures go to the earlier parser). */
export const NETWORK_PARSERS: Parser[] = [
  ipMonitorParser,
  ipRouteParser,
  ipLinkParser,
  ifconfigParser,
  ssSummaryParser,
  sockstatParser,
  resolvConfParser,
  dnsTimingParser,
] as Parser[];
