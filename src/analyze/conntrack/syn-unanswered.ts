// Draws `conntrack.syn-unanswered`: a large share of tracked TCP connections stuck in SYN_SENT: connection attempts
// nobody answers (a backend or Service endpoint gone, a firewall dropping, a scan), not traffic that works.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { breakdowns } from '../readings/conntrack-breakdowns.js';
import { percent } from '../readings/table-size.js';

/** SYN_SENT entries needed before the share means anything (a handful is normal churn). */
const MIN_SYN = 100;
/** Healthy tables hold a few percent of SYN_SENT at most: attempts are answered within milliseconds. */
const SHARE = 0.3;

/** `conntrack.syn-unanswered`: SYN_SENT entries at least 30 % of the TCP entries (and 100 or more). */
export function analyzeSynUnanswered(report: Report): Finding[] {
  const findings: Finding[] = [];
  for (const item of breakdowns(report)) {
    const b = item.value;
    const syn = b.byState.SYN_SENT ?? 0;
    const tcp = b.byProto.tcp ?? Object.values(b.byState).reduce((s, n) => s + n, 0);
    if (syn < MIN_SYN || tcp <= 0 || syn < SHARE * tcp) continue;
    const evidence = [`${syn} of ${tcp} TCP entries (${percent(syn, tcp)}) are SYN_SENT: the first SYN got no answer`];
    const established = b.byState.ESTABLISHED ?? 0;
    evidence.push(`ESTABLISHED ${established}`);
    findings.push({
      id: 'conntrack.syn-unanswered',
      severity: 'warning',
      title: 'Many tracked TCP connections never got past SYN_SENT: their destinations do not answer',
      evidence,
      fix:
        "Find where they go: `conntrack -L -p tcp --state SYN_SENT | awk '{print $6}' | sort | uniq -c | sort -rn | head` " +
        "(destination) and the DNAT target (`--reply-src`); then check that Service's endpoints, the backend pods, " +
        'and firewalls or NetworkPolicies dropping SYNs on the path. A long list toward many addresses is a scan.',
    });
  }
  return findings;
}
