// Draws `conntrack.timeouts-long`: an established timeout, or entries, that keep idle flows for days.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { conntrackBreakdownParser } from '../../parse/conntrack/conntrack-breakdown.js';
import { conntrackListParser } from '../../parse/conntrack/conntrack-list.js';
import { sysctlParser, sysctlValue } from '../../parse/conntrack/sysctl.js';
import { itemsOf } from '../../parse/items-of.js';
import { collectorNetns, percent, tableSize } from '../readings/table-size.js';

/** The kernel default established timeout (5 days); kube-proxy sets 86400. */
export const LONG_ESTABLISHED = 432000;
const DAY = 86400;

function days(seconds: number): string {
  return `${(seconds / DAY).toFixed(1)} days`;
}

/**
 * `conntrack.timeouts-long` (warning): an established timeout of 5 days or more in sysctl output, or entries with
 * more than a day left in a listing (only possible above kube-proxy's 86400 s): idle flows hold entries for days.
 * From the setting alone, with the table known to be less than half full, it is info: nothing fills up yet.
 */
export function analyzeTimeoutsLong(report: Report): Finding[] {
  const evidence: string[] = [];
  let fromEntries = false;
  for (const item of itemsOf(report, sysctlParser)) {
    const raw = sysctlValue(item.value.values, 'net.netfilter.nf_conntrack_tcp_timeout_established');
    const m = raw === undefined ? null : /^\s*(\d+)/.exec(raw);
    if (m && Number(m[1]) >= LONG_ESTABLISHED) {
      evidence.push(`nf_conntrack_tcp_timeout_established = ${m[1]} (${days(Number(m[1]))}; sysctl)`);
    }
  }
  const breakdowns = [...itemsOf(report, conntrackListParser), ...itemsOf(report, conntrackBreakdownParser)];
  for (const item of breakdowns) {
    const b = item.value;
    const established = b.byState.ESTABLISHED;
    if (b.longTimeout > 0 || b.maxTimeout > DAY) fromEntries = true;
    if (b.longTimeout > 0) {
      const over = b.longTimeoutMin > DAY + 1 ? `at least ${b.longTimeoutMin} s` : 'more than a day';
      evidence.push(
        `${b.longTimeout} of ${b.total} entries${established ? ` (${established} ESTABLISHED)` : ''} have ${over} left; the longest ${b.maxTimeout} s (${days(b.maxTimeout)})`,
      );
    } else if (b.maxTimeout > DAY) {
      evidence.push(`the longest remaining timeout is ${b.maxTimeout} s (${days(b.maxTimeout)})`);
    }
  }
  if (evidence.length === 0) return [];
  const { count, max } = tableSize(report);
  const roomy = !fromEntries && count !== undefined && max && collectorNetns(report).netns !== 'pod' && count < max / 2;
  if (roomy) evidence.push(`the table is ${percent(count, max)} full (${count} of ${max}): no pressure yet`);
  return [
    {
      id: 'conntrack.timeouts-long',
      severity: roomy ? 'info' : 'warning',
      title: 'Established conntrack entries live for days: idle or dead connections fill the table',
      evidence,
      fix: 'Set `net.netfilter.nf_conntrack_tcp_timeout_established=86400` (or lower) and `net.netfilter.nf_conntrack_tcp_timeout_time_wait=30`; where kube-proxy runs, set `conntrack.tcpEstablishedTimeout: 24h0m0s` in its config (it overwrites the sysctl).',
    },
  ];
}
