// Draws `conntrack.insert-failed`: conntrack insert races (the SNAT/DNAT port race), rising or since boot.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { activity, describeCounter, describeRise, seriesDelta, statsSeries } from '../readings/stats-series.js';

/** Up to this many failures since boot are a handful: context, not a problem. */
export const HANDFUL = 5;
/** One failure in this many tracked packets or more is noise. */
const NOISE_RATIO = 1e-6;

const FIX =
  'This is the NAT port-allocation race (UDP DNS is hit most: A and AAAA queries leave on the same socket at once). Use `--random-fully` on MASQUERADE (iptables >= 1.6.2; kube-proxy and most CNIs set it when supported), run NodeLocal DNSCache, or add `options single-request-reopen` (glibc) through the pod `dnsConfig`; kernels >= 5.0 resolve most clashes.';

/** `conntrack.insert-failed`: insert races (critical when rising between samples, info for a handful). */
export function analyzeInsertFailed(report: Report): Finding[] {
  const findings: Finding[] = [];
  for (const series of statsSeries(report)) {
    const last = series.samples.at(-1)!.sample;
    const total = last.totals.insert_failed ?? 0;
    if (total <= 0) continue;
    const delta = seriesDelta(report, series);
    const rise = delta?.delta.insert_failed ?? 0;
    const evidence = [describeCounter(last, 'insert_failed', series.label)];
    const drop = last.totals.drop ?? 0;
    if (drop > 0) evidence.push(`drop ${drop}: newer kernels also count a lost clash in drop`);
    let severity: Finding['severity'];
    if (rise > 0) {
      severity = 'critical';
      evidence.unshift(describeRise('insert_failed', rise, delta?.seconds));
    } else {
      const traffic = activity(last);
      const noise = traffic > 0 && total / traffic < NOISE_RATIO;
      severity = total <= HANDFUL || noise ? 'info' : 'warning';
      if (noise) evidence.push(`${total} in about ${traffic} tracked lookups: negligible`);
      else if (total <= HANDFUL) evidence.push(`only ${total} since boot: a handful`);
      if (delta) evidence.push(`not rising between the two samples${delta.seconds ? ` (${delta.seconds} s)` : ''}`);
    }
    findings.push({
      id: 'conntrack.insert-failed',
      severity,
      title:
        severity === 'critical'
          ? 'Conntrack inserts are failing now (NAT race): packets, often DNS, are dropped'
          : severity === 'warning'
            ? 'Conntrack insert_failed > 0: the NAT race has dropped packets (typical cause of 5 s DNS delays)'
            : 'A handful of conntrack insert failures since boot (negligible)',
      evidence,
      fix: FIX,
      docs: 'https://github.com/kubernetes/kubernetes/issues/56903',
    });
  }
  return findings;
}
