// Draws `conntrack.drops`: packets dropped by conntrack beyond what insert races and a full table explain.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { describeCounter, describeRise, seriesDelta, statsSeries } from '../readings/stats-series.js';
import { HANDFUL } from './insert-failed.js';

/**
 * `conntrack.drops`: `drop` beyond what `insert_failed` explains (newer kernels count a lost clash in both), with
 * no `early_drop` (that is the table-full case). Critical when rising between samples.
 */
export function analyzeDrops(report: Report): Finding[] {
  const findings: Finding[] = [];
  for (const series of statsSeries(report)) {
    const last = series.samples.at(-1)!.sample;
    const drop = last.totals.drop ?? 0;
    const failed = last.totals.insert_failed ?? 0;
    const other = drop - failed;
    if (drop <= 0 || other <= 0 || (last.totals.early_drop ?? 0) > 0) continue;
    const delta = seriesDelta(report, series);
    const rise = (delta?.delta.drop ?? 0) - (delta?.delta.insert_failed ?? 0);
    const evidence = [describeCounter(last, 'drop', series.label)];
    evidence.push(
      failed > 0
        ? `insert_failed ${failed} explains only part of it; early_drop 0`
        : 'insert_failed 0 and early_drop 0: not the NAT race, and no entry was evicted',
    );
    let severity: Finding['severity'];
    if (rise > 0) {
      severity = 'critical';
      evidence.unshift(describeRise('drop', delta?.delta.drop ?? rise, delta?.seconds));
    } else {
      severity = other <= HANDFUL ? 'info' : 'warning';
      if (delta) evidence.push('not rising between the two samples');
    }
    findings.push({
      id: 'conntrack.drops',
      severity,
      title:
        severity === 'critical'
          ? 'Conntrack is dropping packets now, and not because of the NAT race'
          : 'Conntrack has dropped packets since boot for a reason other than the NAT race',
      evidence,
      fix: 'Check the kernel log for `nf_conntrack: table full` (the table may fill without evicting: every entry assured), `dmesg | grep -i conntrack`; check INVALID drops (`iptables -t filter -S | grep INVALID`, kube-proxy `kubeproxy_iptables_ct_state_invalid_dropped_packets_total`), conntrack helpers, and memory pressure; sample `conntrack -S` twice to see whether it still rises.',
    });
  }
  return findings;
}
