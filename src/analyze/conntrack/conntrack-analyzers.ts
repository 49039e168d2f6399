// The conntrack family's analyzer list: the table's size and pressure, its counters, and what its listing shows.
import type { Analyzer } from '../analyzer.js';
import { analyzeChurn } from './churn.js';
import { analyzeDrops } from './drops.js';
import { analyzeHashUndersized } from './hash-undersized.js';
import { analyzeInsertFailed } from './insert-failed.js';
import { analyzeInvalid } from './invalid.js';
import { analyzeMaxLow } from './max-low.js';
import { analyzeNotHostNetns } from './not-host-netns.js';
import { analyzeStaleUdp } from './stale-udp.js';
import { analyzeSynUnanswered } from './syn-unanswered.js';
import { analyzeTableFull } from './table-full.js';
import { analyzeTablePressure } from './table-pressure.js';
import { analyzeTimeoutsLong } from './timeouts-long.js';
import { analyzeTunnelTracked } from './tunnel-tracked.js';

/** Analyzers drawing conntrack findings, in the order they run. */
export const CONNTRACK_ANALYZERS: readonly Analyzer[] = [
  analyzeNotHostNetns,
  analyzeTableFull,
  analyzeTablePressure,
  analyzeInsertFailed,
  analyzeDrops,
  analyzeInvalid,
  analyzeMaxLow,
  analyzeHashUndersized,
  analyzeTimeoutsLong,
  analyzeStaleUdp,
  analyzeTunnelTracked,
  analyzeChurn,
  analyzeSynUnanswered,
];
