// The network family's parser list: links, addresses and routes (iproute2 and net-tools), interface and softirq counters.
import type { Parser } from '../parser.js';
import { ifconfigParser } from './ifconfig.js';
import { ipLinkParser } from './ip-link.js';
import { ipMonitorParser } from './ip-monitor.js';
import { ipRouteParser } from './ip-route.js';
import { netDevParser } from './net-dev.js';
import { softnetStatParser } from './softnet-stat.js';

/** Parsers of the link and route kinds, most specific first (ties between signatures go to the earlier parser). */
export const NETWORK_PARSERS: readonly Parser[] = [
  ipMonitorParser,
  ipRouteParser,
  ipLinkParser,
  ifconfigParser,
  netDevParser,
  softnetStatParser,
];
