// The sockets family's analyzer list: TIME-WAIT and orphaned TCP sockets against the kernel's limits, listen overflows.
import type { Analyzer } from '../analyzer.js';
import { analyzeListenOverflow } from './listen-overflow.js';
import { analyzeOrphansHigh } from './orphans-high.js';
import { analyzeTimeWaitHigh } from './time-wait-high.js';

/** Analyzers drawing socket findings, in the order they run. */
export const SOCKET_ANALYZERS: readonly Analyzer[] = [analyzeTimeWaitHigh, analyzeOrphansHigh, analyzeListenOverflow];
