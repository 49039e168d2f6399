// Which proxy mode kube-proxy runs in, judged from everything the report shows (its answer, its rules, IPVS).
import type { Report } from '../../domain/report.js';
import { itemsOf } from '../../parse/items-of.js';
import { iptablesCountParser } from '../../parse/packet-filter/iptables-count.js';
import { iptablesListParser } from '../../parse/packet-filter/iptables-list.js';
import { iptablesSaveParser } from '../../parse/packet-filter/iptables-save.js';
import { ipvsadmParser } from '../../parse/packet-filter/ipvsadm.js';
import { kubeProxyModeParser, type ProxyMode } from '../../parse/packet-filter/kube-proxy-mode.js';
import { nftRulesetParser } from '../../parse/packet-filter/nft-ruleset.js';
import { describeSource } from './rule-sources.js';

export interface ProxyModeVerdict {
  mode: ProxyMode;
  /** `iptables (nft backend, seen through nft)`, `ipvs`, `nftables`... */
  label: string;
  /** The mode was stated (/proxyMode, configuration), not inferred from rules. */
  stated: boolean;
  evidence: string[];
}

interface Signal {
  mode: ProxyMode;
  strength: number;
  line: string;
}

/** Which proxy mode kube-proxy runs in, from what the report shows; undefined when nothing says. */
export function detectProxyMode(report: Report): ProxyModeVerdict | undefined {
  const signals: Signal[] = [];
  let nftBackend = false;
  let legacyBackend = false;
  let seenThroughNft = false;

  for (const item of itemsOf(report, kubeProxyModeParser)) {
    const { mode, source, defaulted } = item.value;
    if (!mode) continue;
    const how =
      source === 'config'
        ? defaulted
          ? 'configuration `mode: ""` (default)'
          : `configuration \`mode: ${mode}\``
        : `/proxyMode says "${mode}"`;
    signals.push({ mode, strength: 100, line: `${describeSource(item)}: ${how}` });
  }
  for (const item of itemsOf(report, nftRulesetParser)) {
    const v = item.value;
    const where = describeSource(item, 'nft list');
    if (v.kubeProxyTable) {
      const kp = v.tables.filter((t) => t.role === 'kube-proxy');
      const rules = kp.reduce((n, t) => n + t.rules, 0);
      const svc = v.serviceIps > 0 ? `, ${v.serviceIps} service ports in map service-ips` : '';
      signals.push({
        mode: 'nftables',
        strength: 50,
        line: `${where}: table ${kp.map((t) => `${t.family} kube-proxy`).join(', ') || 'kube-proxy'} (${rules} rules${svc})`,
      });
    }
    if (v.iptablesNftKubeChains > 0 || v.iptablesNftKubeRules > 0) {
      const ipvs = v.tally.ipvsModeRules > 0;
      seenThroughNft = true;
      nftBackend = true;
      const warn = v.iptablesNftWarnings > 0 ? ', "managed by iptables-nft" warning' : '';
      signals.push({
        mode: ipvs ? 'ipvs' : 'iptables',
        strength: ipvs ? 45 : v.tally.iptablesModeRules > 0 ? 40 : 20,
        line: `${where}: kube-proxy chains in iptables-nft tables (${v.iptablesNftKubeChains} KUBE-* chains, ${v.iptablesNftKubeRules} rules in or jumping to them)${warn}`,
      });
    }
  }
  for (const item of itemsOf(report, iptablesSaveParser)) {
    if (item.value.backends.includes('nf_tables')) nftBackend = true;
    if (item.value.backends.includes('legacy')) legacyBackend = true;
    rulesSignals(signals, describeSource(item, 'iptables-save'), item.value.tally);
  }
  for (const item of itemsOf(report, iptablesListParser)) {
    if (item.value.backend === 'nf_tables') nftBackend = true;
    if (item.value.backend === 'legacy') legacyBackend = true;
    rulesSignals(signals, describeSource(item, 'iptables -L'), item.value.tally);
  }
  for (const item of itemsOf(report, iptablesCountParser)) {
    const kube = item.value.kubeRulesIn;
    if (kube?.includes('-nft')) nftBackend = true;
    if (kube?.includes('-legacy')) legacyBackend = true;
  }
  for (const item of itemsOf(report, ipvsadmParser)) {
    const n = item.value.declared?.virtualServers ?? item.value.virtualServers;
    if (n > 0)
      signals.push({
        mode: 'ipvs',
        strength: 10,
        line: `${describeSource(item, 'ipvsadm')}: ${n} IPVS virtual servers (kube-proxy IPVS mode, or another IPVS balancer: kube-router, kube-vip, keepalived)`,
      });
  }
  if (signals.length === 0) return undefined;

  const best = signals.reduce((a, b) => (b.strength > a.strength ? b : a));
  const evidence = signals.filter((s) => s.mode === best.mode).map((s) => s.line);
  for (const other of signals.filter((s) => s.mode !== best.mode)) {
    evidence.push(`also: ${other.line} (${other.mode}; leftovers of an earlier mode, or another node's output?)`);
  }
  let label: string = best.mode;
  if (best.mode === 'iptables' || best.mode === 'ipvs') {
    if (seenThroughNft) label = `${best.mode} (nft backend, seen through nft)`;
    else if (nftBackend && !legacyBackend) label = `${best.mode} (nft backend)`;
    else if (legacyBackend && !nftBackend) label = `${best.mode} (legacy backend)`;
  }
  return { mode: best.mode, label, stated: best.strength >= 100, evidence };
}

function rulesSignals(
  signals: Signal[],
  where: string,
  tally: { ipvsModeRules: number; iptablesModeRules: number; userspaceRules: number },
): void {
  if (tally.ipvsModeRules > 0) {
    signals.push({
      mode: 'ipvs',
      strength: 35,
      line: `${where}: ${tally.ipvsModeRules} IPVS-mode rules (KUBE-CLUSTER-IP ipset matches, KUBE-LOAD-BALANCER...)`,
    });
  }
  if (tally.userspaceRules > 0) {
    signals.push({
      mode: 'userspace',
      strength: 32,
      line: `${where}: ${tally.userspaceRules} KUBE-PORTALS-* rules (userspace proxy)`,
    });
  }
  if (tally.iptablesModeRules > 0) {
    signals.push({
      mode: 'iptables',
      strength: 30,
      line: `${where}: ${tally.iptablesModeRules} rules in or to KUBE-SVC-*/KUBE-SEP-* chains`,
    });
  }
}
