import type { Analyzer } from './analyzer.js';
import { analyzeChurn } from './conntrack/churn.js';
import { analyzeDrops } from './conntrack/drops.js';
import { analyzeInsertFailed } from './conntrack/insert-failed.js';
import { analyzeInvalid } from './conntrack/invalid.js';
import { analyzeMaxLow } from './conntrack/max-low.js';
import { analyzeNotHostNetns } from './conntrack/not-host-netns.js';
import { analyzeStaleUdp } from './conntrack/stale-udp.js';
import { analyzeTableFull } from './conntrack/table-full.js';
import { analyzeTablePressure } from './conntrack/table-pressure.js';
import { analyzeTimeoutsLong } from './conntrack/timeouts-long.js';
import { analyzeTunnelTracked } from './conntrack/tunnel-tracked.js';

/** Analyzers drawing conntrack findings. */
export const CONNTRACK_ANALYZERS: Analyzer[] = [
  analyzeNotHostNetns,
  analyzeTableFull,
  analyzeTablePressure,
  analyzeInsertFailed,
  analyzeDrops,
  analyzeInvalid,
  analyzeMaxLow,
  analyzeTimeoutsLong,
  analyzeStaleUdp,
  analyzeTunnelTracked,
  analyzeChurn,
];
