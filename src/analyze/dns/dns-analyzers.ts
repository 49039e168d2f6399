// The DNS family's analyzer list: the resolver's configuration and how its lookups went.
import type { Analyzer } from '../analyzer.js';
import { analyzeCorednsApi } from './coredns-api.js';
import { analyzeCorednsLoop } from './coredns-loop.js';
import { analyzeCorednsServfail } from './coredns-servfail.js';
import { analyzeCorednsStart } from './coredns-start.js';
import { analyzeCorednsUpstream } from './coredns-upstream.js';
import { analyzeDnsUnreachable } from './dns-unreachable.js';
import { analyzeNdotsAmplification } from './ndots-amplification.js';
import { analyzeDnsQueryRetransmitted } from './query-retransmitted.js';
import { analyzeResolvMisconfigured } from './resolv-misconfigured.js';
import { analyzeDnsSlowLookups } from './slow-lookups.js';
import { analyzeDnsTimeout5s } from './timeout-5s.js';
import { analyzeDnsTimeoutFraction } from './timeout-fraction.js';

/** Analyzers drawing DNS findings, in the order they run. */
export const DNS_ANALYZERS: readonly Analyzer[] = [
  analyzeNdotsAmplification,
  analyzeDnsTimeout5s,
  analyzeDnsUnreachable,
  analyzeResolvMisconfigured,
  analyzeDnsTimeoutFraction,
  analyzeDnsSlowLookups,
  analyzeDnsQueryRetransmitted,
  analyzeCorednsLoop,
  analyzeCorednsStart,
  analyzeCorednsUpstream,
  analyzeCorednsApi,
  analyzeCorednsServfail,
];
