// Draws `iptables.backend-mixed`: rules in both iptables-legacy and iptables-nft.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { itemsOf } from '../../parse/items-of.js';
import { iptablesCountParser } from '../../parse/packet-filter/iptables-count.js';
import { iptablesListParser } from '../../parse/packet-filter/iptables-list.js';
import { iptablesSaveParser } from '../../parse/packet-filter/iptables-save.js';
import { describeSource } from '../readings/rule-sources.js';

/** Below this, a backend only holds empty built-in chains or a stray canary (as kubernetes-sigs/iptables-wrappers judges). */
const MIN_RULES = 10;
/** `iptables-save | wc -l` of tables without rules: headers, built-in chains, COMMIT lines. */
const MIN_LINES = 40;

/** iptables.backend-mixed: rules in both iptables-legacy and iptables-nft (two components disagree on the backend). */
export function analyzeBackendMixed(report: Report): Finding[] {
  const legacy: string[] = [];
  const nft: string[] = [];
  const warnings: string[] = [];

  for (const item of itemsOf(report, iptablesCountParser)) {
    const where = describeSource(item, 'rule counts');
    for (const c of item.value.counts) {
      const enough = c.unit === 'rules' ? c.value >= MIN_RULES : c.value > MIN_LINES;
      if (!enough || c.backend === 'default') continue;
      const line = `${where}: ${c.value} ${c.unit === 'rules' ? 'rules' : 'lines'} in iptables-${c.backend}${c.family === 'ipv6' ? ' (IPv6)' : ''}`;
      (c.backend === 'legacy' ? legacy : nft).push(line);
    }
    if (item.value.legacyTablesWarning)
      warnings.push(`${where}: iptables-nft warns that iptables-legacy tables are present`);
  }
  for (const item of itemsOf(report, iptablesSaveParser)) {
    const where = describeSource(item, 'iptables-save');
    const { rulesByBackend, backends } = item.value;
    const only = backends.length === 1 ? backends[0] : undefined;
    for (const b of ['legacy', 'nf_tables'] as const) {
      const n = rulesByBackend[b] ?? (only === b ? item.value.tally.rules : 0);
      if (n >= MIN_RULES || (n > 0 && n === item.value.tally.rules && n >= 1 && hasKube(item.value.tally.tables))) {
        (b === 'legacy' ? legacy : nft).push(`${where}: ${n} rules under "iptables-save (${b})"`);
      }
    }
    if (item.value.legacyTablesWarning) {
      warnings.push(`${where}: "# Warning: iptables-legacy tables present, use iptables-legacy-save to see them"`);
    }
  }
  for (const item of itemsOf(report, iptablesListParser)) {
    if (item.value.legacyTablesWarning) {
      warnings.push(
        `${describeSource(item, 'iptables -L')}: "Warning: iptables-legacy tables present, use iptables-legacy to see them"`,
      );
    }
  }
  const both = legacy.length > 0 && nft.length > 0;
  if (!both && warnings.length === 0) return [];
  return [
    {
      id: 'iptables.backend-mixed',
      severity: 'warning',
      title: both
        ? 'Rules in both iptables-legacy and iptables-nft: components on this node disagree on the backend, and one set of rules is invisible to the other'
        : 'iptables-legacy tables exist next to iptables-nft: rules written with the other backend are invisible here',
      evidence: [...legacy, ...nft, ...warnings],
      fix: 'Compare `iptables-legacy-save | grep -c "^-A"` with `iptables-nft-save | grep -c "^-A"` to see who writes where. Make kube-proxy, kubelet and the CNI use the host backend (`update-alternatives --set iptables /usr/sbin/iptables-nft` or `iptables-legacy`; images built on kubernetes-sigs/iptables-wrappers pick it automatically), then clear the stale backend (review `iptables-legacy-save` first, or reboot the node after fixing the images).',
      docs: 'https://github.com/kubernetes-sigs/iptables-wrappers',
    },
  ];
}

function hasKube(tables: Record<string, { chains: Record<string, number> }>): boolean {
  return Object.values(tables).some((t) => Object.keys(t.chains).some((c) => c.startsWith('KUBE-')));
}
