// Draws `conntrack.hash-undersized`: nf_conntrack_max far above the hash table's buckets, so a full table means long
// hash chains (every lookup walks them in softirq) and, on 5.x+ kernels, `chaintoolong` drops.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { percent, tableSize } from '../readings/table-size.js';

/** Entries per bucket the kernel sizes for by default (max = 4 x buckets on older kernels, 1 x on newer). */
const DEFAULT_RATIO = 4;
/** From this many entries per bucket at the limit, chains get long enough to matter. */
const LONG = 8;
/** ... and it is a warning when the table is at least this full (the chains are long now). */
const FULL_ENOUGH = 0.5;

/** `conntrack.hash-undersized` from count, max and buckets (sysctl, /proc, the collector's conntrack-count). */
export function analyzeHashUndersized(report: Report): Finding[] {
  const { count, max, buckets } = tableSize(report);
  if (max === undefined || buckets === undefined || buckets <= 0 || max <= 0) return [];
  const ratio = max / buckets;
  if (ratio < LONG) return [];
  const now = count !== undefined ? count / buckets : undefined;
  const evidence = [
    `nf_conntrack_max ${max} / nf_conntrack_buckets ${buckets} = ${ratio.toFixed(0)} entries per bucket at the limit (default ${DEFAULT_RATIO} or less)`,
  ];
  if (count !== undefined) {
    evidence.push(
      `nf_conntrack_count ${count} (${percent(count, max)} of max) = ${now!.toFixed(1)} entries per bucket now`,
    );
  }
  const warn = count !== undefined && count / max >= FULL_ENOUGH;
  return [
    {
      id: 'conntrack.hash-undersized',
      severity: warn ? 'warning' : 'info',
      title: `The conntrack hash table is small for its limit: ${ratio.toFixed(0)} entries per bucket when full`,
      evidence,
      fix:
        `Raise the hash table with the limit: \`echo ${Math.ceil(max / DEFAULT_RATIO)} > /sys/module/nf_conntrack/parameters/hashsize\` ` +
        '(max/4; persist with `options nf_conntrack hashsize=...` in /etc/modprobe.d), or let kube-proxy size both ' +
        '(`conntrack.maxPerCore`); `conntrack -S` `chaintoolong` counts drops from over-long chains on 5.x+ kernels.',
    },
  ];
}
