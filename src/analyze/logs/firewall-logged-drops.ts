// Draws `firewall.invalid-drop`, `firewall.logged-drops` and `conntrack.invalid` from packet LOG lines in kernel logs.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { itemsOf } from '../../parse/items-of.js';
import { kernelLogParser } from '../../parse/logs/kernel-log.js';
import { describeOccurrences, exampleLines, kernelStat } from '../readings/kernel-log-stats.js';

const INVALID = /invalid/i;
const DROPPING = /drop|reject|block|deny|denied|refuse/i;

/**
 * Packet LOG lines (`<prefix> IN=eth0 OUT= ... SRC=... DST=...`): `firewall.invalid-drop` when the log prefix names
 * INVALID packets, `firewall.logged-drops` (info) for other drop/reject prefixes, and `conntrack.invalid` (info) for
 * conntrack's own invalid-packet log (`nf_ct_proto_6: ...`, with `nf_conntrack_log_invalid`).
 */
export function analyzeFirewallLoggedDrops(report: Report): Finding[] {
  const prefixes = new Map<string, number>();
  for (const item of itemsOf(report, kernelLogParser)) {
    for (const [p, n] of Object.entries(item.value.packetLogPrefixes)) prefixes.set(p, (prefixes.get(p) ?? 0) + n);
  }
  const findings: Finding[] = [];
  const list = (entries: [string, number][]) => entries.map(([p, n]) => `"${p}" ${n}`).join(', ');
  const invalid = [...prefixes].filter(([p]) => INVALID.test(p));
  const s = kernelStat(report, 'packet-log');
  if (invalid.length > 0 && s) {
    const examples = s.examples.filter((e) => INVALID.test(e)).slice(0, 2);
    findings.push({
      id: 'firewall.invalid-drop',
      severity: 'warning',
      title: 'Packets conntrack marks INVALID are being dropped (logged by a LOG rule)',
      evidence: [
        `kernel packet log lines with an INVALID prefix: ${list(invalid)}`,
        ...examples.map((e) => `e.g. ${e}`),
      ],
      fix:
        'Find why conntrack considers them invalid: asymmetric routing (replies bypassing this node), out-of-window TCP ' +
        'after NAT or offload, or entries expired under churn. The usual mitigation is ' +
        '`sysctl -w net.netfilter.nf_conntrack_tcp_be_liberal=1` (kube-proxy `conntrack.tcpBeLiberal: true` on 1.29+); ' +
        'check rp_filter and the route back with `ip route get <src>`.',
    });
  }
  const dropping = [...prefixes].filter(([p]) => !INVALID.test(p) && DROPPING.test(p));
  if (dropping.length > 0) {
    findings.push({
      id: 'firewall.logged-drops',
      severity: 'info',
      title: 'A firewall LOG rule records dropped or rejected packets',
      evidence: [`kernel packet log lines per prefix: ${list(dropping)}`],
      fix: 'Match SRC/DST/DPT of these lines against the traffic that fails; `iptables-save | grep -B2 -- "--log-prefix"` shows the rule.',
    });
  }
  const ct = kernelStat(report, 'conntrack-invalid');
  if (ct) {
    findings.push({
      id: 'conntrack.invalid',
      severity: 'info',
      title: 'conntrack logs packets it considers invalid',
      evidence: [`kernel log: conntrack invalid-packet messages ${describeOccurrences(ct)}`, ...exampleLines(ct)],
      fix: 'Correlate with resets/timeouts of the same flows; asymmetric routing and TCP window tracking are the usual causes (`nf_conntrack_tcp_be_liberal=1`).',
    });
  }
  return findings;
}
