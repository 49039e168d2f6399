// Draws `coredns.loop-detected`: CoreDNS's loop plugin saw its own probe come back, so CoreDNS exits.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { corednsLogParser } from '../../parse/dns/coredns-log.js';
import { itemsOf } from '../../parse/items-of.js';

/** `coredns.loop-detected`: `plugin/loop: Loop (...) detected` or `Seen "HINFO IN ..." more than twice`. */
export function analyzeCorednsLoop(report: Report): Finding[] {
  let count = 0;
  const evidence: string[] = [];
  for (const { value } of itemsOf(report, corednsLogParser)) {
    count += value.loops.count;
    for (const line of value.loops.examples) if (evidence.length < 3) evidence.push(line);
  }
  if (count === 0) return [];
  const self = evidence.some((l) => /Loop \(127\.|Loop \(::1/.test(l));
  if (self) {
    evidence.push(
      'the probe came back from a loopback address: the forward target is this host itself (a local stub such as 127.0.0.53 from the node resolv.conf)',
    );
  }
  return [
    {
      id: 'coredns.loop-detected',
      severity: 'critical',
      title: 'CoreDNS detected a forwarding loop and exits (CrashLoopBackOff): cluster DNS is down',
      evidence,
      fix:
        'Make CoreDNS forward to a real upstream, not to itself: on systemd-resolved nodes set the kubelet ' +
        '`resolvConf: /run/systemd/resolve/resolv.conf` (KubeletConfiguration) and restart the CoreDNS pods, or ' +
        "replace `forward . /etc/resolv.conf` with the upstream's addresses in the Corefile; never list the cluster " +
        "DNS ClusterIP in the node's resolv.conf.",
      docs: 'https://coredns.io/plugins/loop/#troubleshooting',
    },
  ];
}
