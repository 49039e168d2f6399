// Draws `iptables.masquerade-not-random`: MASQUERADE without `--random-fully` (the SNAT port race).
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import type { MasqueradeRule } from '../../parse/packet-filter/iptables-rules.js';
import { ruleSources } from '../readings/rule-sources.js';

/** Owners whose MASQUERADE is Service or pod egress traffic that races for source ports. */
const JUDGED = new Set([
  'kube-proxy',
  'calico',
  'flannel',
  'cilium',
  'weave',
  'kindnet',
  'kube-router',
  'antrea',
  'ip-masq-agent',
  'kubenet',
  'cni-plugins',
]);

const FIXES: Record<string, string> = {
  'kube-proxy':
    'kube-proxy >= 1.16 adds `--random-fully` itself when the iptables in its image is >= 1.6.2 (kernel >= 3.13): upgrade kube-proxy or its image',
  calico:
    'Calico (Felix) adds `--random-fully` to the `natOutgoing` MASQUERADE when iptables supports it: upgrade calico-node (FelixConfiguration `natOutgoingAddress` / IPPool `natOutgoing` keep working)',
  flannel:
    'flannel >= 0.12 masquerades with `--random-fully` when the iptables in its image supports it: upgrade flannel',
  'ip-masq-agent': 'ip-masq-agent: run a release with `--random-fully` (flag) and set it',
  kindnet: 'kindnet: upgrade kind/kindnetd (newer releases masquerade with `--random-fully`)',
};

/** iptables.masquerade-not-random: kube-proxy's or the CNI's MASQUERADE without `--random-fully` (the SNAT port race). */
export function analyzeMasqueradeRandom(report: Report): Finding[] {
  const bad: { label: string; rule: MasqueradeRule }[] = [];
  const fine: string[] = [];
  const ignored: string[] = [];
  for (const source of ruleSources(report)) {
    for (const rule of source.tally.masquerade.rules) {
      if (!JUDGED.has(rule.owner)) {
        if (!rule.randomFully) ignored.push(`${rule.owner} MASQUERADE in ${rule.chain}`);
        continue;
      }
      if (rule.randomFully) fine.push(`${rule.owner} MASQUERADE in ${rule.chain} has --random-fully`);
      else bad.push({ label: source.label, rule });
    }
  }
  if (bad.length === 0) return [];
  const owners = [...new Set(bad.map((b) => b.rule.owner))];
  const evidence = bad.slice(0, 6).map((b) => `${b.label}: ${b.rule.owner} ${b.rule.chain}: ${b.rule.rule}`);
  if (bad.length > 6) evidence.push(`... and ${bad.length - 6} more MASQUERADE rules without --random-fully`);
  evidence.push(...[...new Set(fine)].slice(0, 3));
  if (ignored.length > 0)
    evidence.push(`not judged (not kube-proxy or CNI): ${[...new Set(ignored)].slice(0, 3).join(', ')}`);
  const fixes = owners.map((o) => FIXES[o]).filter((f): f is string => f !== undefined);
  return [
    {
      id: 'iptables.masquerade-not-random',
      severity: 'warning',
      title: `${owners.join(' and ')} MASQUERADE without --random-fully: concurrent connections can race for the same source port (conntrack insert_failed, 1 s/5 s stalls)`,
      evidence,
      fix: [
        ...fixes,
        'check with `iptables-save -t nat | grep -- "-j MASQUERADE"` that the rule ends in `--random-fully` (nft: `masquerade fully-random`); watch `conntrack -S` insert_failed',
      ].join('; '),
      docs: 'https://github.com/kubernetes/kubernetes/pull/78547',
    },
  ];
}
