// Draws `iptables.rule-count-high`: more rules than iptables-mode kube-proxy handles quickly.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { itemsOf } from '../../parse/items-of.js';
import { iptablesCountParser } from '../../parse/packet-filter/iptables-count.js';
import type { RuleTally } from '../../parse/packet-filter/iptables-rules.js';
import { nftRulesetParser } from '../../parse/packet-filter/nft-ruleset.js';
import { detectProxyMode } from '../readings/detect-proxy-mode.js';
import { describeSource, ruleSources } from '../readings/rule-sources.js';

/** Above this many iptables rules, iptables-mode kube-proxy syncs get slow and every new connection walks long chains. */
export const RULE_COUNT_HIGH = 20_000;

interface Count {
  value: number;
  line: string;
}

/** iptables.rule-count-high: more than 20 000 rules (warning in iptables mode, info where kube-proxy does not use them). */
export function analyzeRuleCount(report: Report): Finding[] {
  const counts: Count[] = [];
  for (const source of ruleSources(report)) {
    if (source.label === 'nft list') continue;
    const atLeast = source.partial ? 'at least ' : '';
    counts.push({
      value: source.tally.rules,
      line: `${source.label}: ${atLeast}${source.tally.rules} rules (${breakdown(source.tally)})`,
    });
  }
  for (const item of itemsOf(report, nftRulesetParser)) {
    const tables = item.value.tables.filter((t) => t.role === 'iptables-nft');
    const rules = tables.reduce((n, t) => n + t.rules, 0);
    if (rules > 0) {
      counts.push({
        value: rules,
        line: `${describeSource(item, 'nft list')}: ${rules} rules in iptables-nft tables (${tables.map((t) => `${t.family} ${t.name} ${t.rules}`).join(', ')})`,
      });
    }
  }
  for (const item of itemsOf(report, iptablesCountParser)) {
    for (const c of item.value.counts) {
      const what =
        c.unit === 'rules' ? 'rules' : c.unit === 'lines' ? 'lines of iptables-save' : 'lines of iptables -L';
      const backend = c.backend === 'default' ? '' : ` (${c.backend}${c.family === 'ipv6' ? ', IPv6' : ''})`;
      counts.push({ value: c.value, line: `${describeSource(item, 'rule count')}: ${c.value} ${what}${backend}` });
    }
  }
  const high = counts.filter((c) => c.value > RULE_COUNT_HIGH).sort((a, b) => b.value - a.value);
  if (high.length === 0) return [];
  const mode = detectProxyMode(report);
  const elsewhere = mode && (mode.mode === 'ipvs' || mode.mode === 'nftables');
  const evidence = high.map((c) => c.line);
  if (mode) evidence.push(`kube-proxy mode: ${mode.label}`);
  return [
    {
      id: 'iptables.rule-count-high',
      severity: elsewhere ? 'info' : 'warning',
      title: elsewhere
        ? `${high[0]!.value} iptables rules, but kube-proxy runs in ${mode?.mode} mode: Service traffic does not walk them`
        : `${high[0]!.value} iptables rules (over ${RULE_COUNT_HIGH}): kube-proxy syncs slowly and new connections walk long chains`,
      evidence,
      fix: elsewhere
        ? 'Find who writes the rules (leftover KUBE-SVC/KUBE-SEP chains from an earlier iptables mode can be removed with `kube-proxy --cleanup` run once, or a reboot); CNI policy chains grow with pods and policies.'
        : 'Move kube-proxy to `mode: ipvs`, or `mode: nftables` (kube-proxy >= 1.31, kernel >= 5.13), in the kube-proxy ConfigMap; until then raise `iptables.minSyncPeriod` (e.g. 10s) to batch syncs, and remove unused Services and NodePorts.',
      docs: 'https://kubernetes.io/docs/reference/networking/virtual-ips/',
    },
  ];
}

/** "nat 20011: KUBE-SEP-* 8000, KUBE-SVC-* 6000; filter 1200" (largest tables and chains first). */
function breakdown(tally: RuleTally): string {
  return Object.entries(tally.tables)
    .sort((a, b) => b[1].rules - a[1].rules)
    .slice(0, 4)
    .map(([name, t]) => {
      const top = Object.entries(t.chains)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([chain, n]) => `${chain} ${n}`)
        .join(', ');
      return `${name} ${t.rules}: ${top}`;
    })
    .join('; ');
}
