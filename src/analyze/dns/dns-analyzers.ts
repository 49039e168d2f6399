// The DNS family's analyzer list: the resolver's configuration and how its lookups went.
import type { Analyzer } from '../analyzer.js';
import { analyzeDnsUnreachable } from './dns-unreachable.js';
import { analyzeNdotsAmplification } from './ndots-amplification.js';
import { analyzeResolvMisconfigured } from './resolv-misconfigured.js';
import { analyzeDnsTimeout5s } from './timeout-5s.js';

/** Analyzers drawing DNS findings, in the order they run. */
export const DNS_ANALYZERS: readonly Analyzer[] = [
  analyzeNdotsAmplification,
  analyzeDnsTimeout5s,
  analyzeDnsUnreachable,
  analyzeResolvMisconfigured,
];
