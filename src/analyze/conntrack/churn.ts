// Draws `conntrack.churn`: a TCP state mix dominated by TIME_WAIT (short-lived connections opened and closed).
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { breakdowns } from '../readings/conntrack-breakdowns.js';
import { percent, tableSize } from '../readings/table-size.js';

/** TCP entries needed before the state mix means anything. */
const MIN_TCP = 200;
const DOMINANT = 0.5;
/** TIME_WAIT entries that are a problem on their own, or this share of the table's max. */
const WARN_TIME_WAIT = 20000;
const WARN_SHARE_OF_MAX = 0.25;

/** `conntrack.churn`: the TCP state mix is dominated by TIME_WAIT: short-lived connections, opened and closed. */
export function analyzeChurn(report: Report): Finding[] {
  const max = tableSize(report).max;
  const findings: Finding[] = [];
  for (const item of breakdowns(report)) {
    const b = item.value;
    const tcp = b.byProto.tcp ?? Object.values(b.byState).reduce((s, n) => s + n, 0);
    const tw = b.byState.TIME_WAIT ?? 0;
    if (tcp < MIN_TCP || tw < DOMINANT * tcp) continue;
    const heavy = tw >= WARN_TIME_WAIT || (max !== undefined && tw >= WARN_SHARE_OF_MAX * max);
    const evidence = [`${tw} of ${tcp} TCP entries (${percent(tw, tcp)}) are TIME_WAIT`];
    const established = b.byState.ESTABLISHED ?? 0;
    evidence.push(`ESTABLISHED ${established}`);
    if (max !== undefined) evidence.push(`TIME_WAIT entries use ${percent(tw, max)} of nf_conntrack_max ${max}`);
    findings.push({
      id: 'conntrack.churn',
      severity: heavy ? 'warning' : 'info',
      title: 'Most tracked TCP connections are closed ones in TIME_WAIT: many short-lived connections',
      evidence,
      fix: 'Reuse connections: HTTP keep-alive and client connection pools; headless Services for clients that open a connection per request; `net.netfilter.nf_conntrack_tcp_timeout_time_wait=30` (kube-proxy keeps 120 s by default) shortens how long they stay.',
    });
  }
  return findings;
}
