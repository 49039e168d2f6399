// Draws the conntrack findings from other agents' metrics (Telegraf, Metricbeat, Netdata, collectd): the table's
// fill (full, pressure, a low limit) and its counters (insert races, drops, early drops), since boot or rising.
import type { Finding, Severity } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { itemsOf } from '../../parse/items-of.js';
import { type AgentSample, agentMetricsParser } from '../../parse/metrics/agent-metrics.js';

const WARN = 75;
const CRIT = 90;
const LOW_MAX = 131072;
/** At most this many since boot, in one reading, is a handful: info only (as for `conntrack -S`). */
const HANDFUL = 5;

const SIZE_FIX =
  'Raise `nf_conntrack_max` (kube-proxy `conntrack.maxPerCore`/`conntrack.min` where kube-proxy manages it, else ' +
  '`sysctl -w net.netfilter.nf_conntrack_max=<2x peak>`), the hashsize with it (max/4), shorten ' +
  '`nf_conntrack_tcp_timeout_established`, and find the connection-heavy pods (`conntrack -L | ... | sort | uniq -c`).';

function label(s: AgentSample): string {
  return `${s.agent}${s.host ? ` (${s.host})` : ''}`;
}

function fill(s: AgentSample): number | undefined {
  if (s.entries !== undefined && s.max !== undefined && s.max > 0) return (s.entries / s.max) * 100;
  return s.percent;
}

/** The last reading of each agent and host that has a value for `pick`, with the first for the trend. */
function perSource<T>(samples: AgentSample[], pick: (s: AgentSample) => T | undefined) {
  const out = new Map<string, { first: AgentSample; last: AgentSample }>();
  for (const s of samples) {
    if (pick(s) === undefined) continue;
    const key = `${s.agent} ${s.host}`;
    const seen = out.get(key);
    if (seen) seen.last = s;
    else out.set(key, { first: s, last: s });
  }
  return [...out.values()];
}

/** `conntrack.table-full`, `conntrack.table-pressure`, `conntrack.max-low`, `conntrack.insert-failed`, `conntrack.drops`. */
export function analyzeAgentConntrackMetrics(report: Report): Finding[] {
  const samples = itemsOf(report, agentMetricsParser).flatMap((i) => i.value.samples);
  if (samples.length === 0) return [];
  const findings: Finding[] = [];
  for (const { last } of perSource(samples, (s) => fill(s) ?? s.alarm)) {
    const pct = fill(last);
    const alarm = last.alarm && /WARNING|CRITICAL/.test(last.alarm) ? last.alarm : undefined;
    const shown =
      last.entries !== undefined && last.max !== undefined
        ? `${label(last)}: conntrack entries ${last.entries} / max ${last.max} = ${pct!.toFixed(1)} %`
        : `${label(last)}: ${last.alarm ? `netfilter_conntrack_full ${last.alarm}` : 'conntrack'}${pct !== undefined ? ` at ${pct.toFixed(1)} %` : ''}`;
    if (pct !== undefined && pct >= 100) {
      findings.push({
        id: 'conntrack.table-full',
        severity: 'critical',
        title: 'The conntrack table is full: new connections are dropped',
        evidence: [shown],
        fix: SIZE_FIX,
      });
    } else if ((pct !== undefined && pct >= WARN) || alarm) {
      const severity: Severity = alarm === 'CRITICAL' || (pct !== undefined && pct >= CRIT) ? 'critical' : 'warning';
      findings.push({
        id: 'conntrack.table-pressure',
        severity,
        title: `The conntrack table is ${pct !== undefined ? `${pct.toFixed(0)} % ` : 'nearly '}full`,
        evidence: [shown],
        fix: SIZE_FIX,
      });
    }
  }
  for (const { last } of perSource(samples, (s) => s.max)) {
    if (last.max! > 0 && last.max! <= LOW_MAX) {
      findings.push({
        id: 'conntrack.max-low',
        severity: 'info',
        title: `nf_conntrack_max is ${last.max}, the common default: size it for the node's traffic`,
        evidence: [`${label(last)}: conntrack max ${last.max}`],
        fix: 'Raise kube-proxy `conntrack.maxPerCore`/`conntrack.min` (or `net.netfilter.nf_conntrack_max`) on busy nodes.',
      });
    }
  }
  for (const { first, last } of perSource(samples, (s) => (Object.keys(s.stats).length > 0 ? true : undefined))) {
    const counter = (stat: string) => {
      const total = last.stats[stat] ?? 0;
      if (total <= 0) return undefined;
      const before = first !== last ? first.stats[stat] : undefined;
      const delta = before !== undefined ? total - before : undefined;
      const severity: Severity =
        delta !== undefined ? (delta > 0 ? 'critical' : 'info') : total <= HANDFUL ? 'info' : 'warning';
      const evidence = [`${label(last)}: ${stat} ${total} since boot (summed over CPUs)`];
      if (delta !== undefined)
        evidence.push(delta > 0 ? `${stat} +${delta} between the readings` : `${stat} unchanged between the readings`);
      return { severity, evidence };
    };
    const early = counter('early_drop');
    if (early) {
      findings.push({
        id: 'conntrack.table-full',
        severity: early.severity === 'info' ? 'warning' : early.severity,
        title: 'The conntrack table has been full: early_drop evicts entries to make room',
        evidence: early.evidence,
        fix: SIZE_FIX,
      });
    }
    const insert = counter('insert_failed');
    const drop = counter('drop');
    if (insert) {
      findings.push({
        id: 'conntrack.insert-failed',
        severity: insert.severity,
        title: 'conntrack insert_failed > 0: the NAT port-allocation race drops packets (DNS 5 s timeouts)',
        evidence: [...insert.evidence, ...(drop ? drop.evidence.slice(0, 1) : [])],
        fix:
          '`--random-fully` on MASQUERADE (newer kube-proxy/CNI, iptables >= 1.6.2), NodeLocal DNSCache, ' +
          '`options single-request-reopen` in pod dnsConfig, a kernel >= 5.0 with the clash-resolution fixes.',
      });
    } else if (drop && !early) {
      findings.push({
        id: 'conntrack.drops',
        severity: drop.severity,
        title: 'conntrack drops packets without insert_failed or a full table',
        evidence: drop.evidence,
        fix: 'Check INVALID drops (`conntrack -S` invalid, LOG rules), conntrack helpers, and the datapath (`dmesg`).',
      });
    }
  }
  return findings;
}
