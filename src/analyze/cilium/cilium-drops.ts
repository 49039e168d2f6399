// Draws `cilium.drops`: datapath drops by reason name, other than policy denials and CT insertion failures (their
// own ids); reasons Cilium expects on healthy clusters stay info, numeric codes missing from its table are unknown.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { isCtInsertFailed, isExpectedDrop, isPolicyDrop } from '../../parse/cilium/drop-reasons.js';
import { describeDrop, dropsSeen } from './drop-sources.js';

/** A reason counted since the agent started this often, outside the expected ones, is worth a look. */
const COUNTER_WARN = 100;

/** `cilium.drops`: warning for unexpected reasons dropping now (or counted often), info for expected ones. */
export function analyzeCiliumDrops(report: Report): Finding[] {
  const drops = dropsSeen(report).filter((d) => !isPolicyDrop(d.reason) && !isCtInsertFailed(d.reason));
  if (drops.length === 0) return [];
  const unexpected = drops.filter((d) => !isExpectedDrop(d.reason));
  const alarming = unexpected.filter((d) => d.how === 'live' || d.count >= COUNTER_WARN);
  const unknown = drops.filter((d) => !d.reason.known);
  const evidence = [...unexpected, ...drops.filter((d) => isExpectedDrop(d.reason))].slice(0, 8).map((d) => {
    const line = describeDrop(d);
    if (!d.reason.known)
      return `${line} (not in Cilium's drop reason table: the agent or CLI is another version; look the code up in that version's bpf/lib/common.h)`;
    return isExpectedDrop(d.reason)
      ? `${line} (expected on healthy clusters: Cilium's own connectivity tests ignore it)`
      : line;
  });
  const names = [...new Set(alarming.map((d) => d.reason.name))];
  return [
    {
      id: 'cilium.drops',
      severity: alarming.length > 0 ? 'warning' : 'info',
      title:
        alarming.length > 0
          ? `Cilium's datapath drops packets: ${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''}`
          : unknown.length > 0
            ? 'Cilium drop counters include reasons netcheck cannot name'
            : unexpected.length > 0
              ? 'Cilium has counted a few drops since the agent started (history, nothing dropping now)'
              : 'Cilium drops only for reasons that are expected on healthy clusters',
      evidence,
      fix: 'Read the reason: "Stale or unroutable IP"/"Unknown L3 target address" are pod churn, "Missed tail call" and "FIB lookup failed" point at the datapath (agent restarts, routes), "No mapping for NAT masquerade" at NAT map pressure, "Service backend not found" at a Service without ready endpoints. Watch them live with `cilium-dbg monitor --type drop` or `hubble observe --verdict DROPPED`, and compare the counters over time: counters since agent start alone are history.',
    },
  ];
}
