// Draws `dns.ndots-amplification`: `ndots:5` with a search list that multiplies every external lookup.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { resolvConfParser } from '../../parse/dns/resolv-conf.js';
import { itemsOf } from '../../parse/items-of.js';
import { splitSearch } from '../readings/cluster-domains.js';

const FIX =
  'Lower ndots for pods that call external names: `spec.dnsConfig: {options: [{name: ndots, value: "2"}]}`; ' +
  'write external names as FQDNs with a trailing dot (`api.example.com.`); deploy NodeLocal DNSCache to absorb the ' +
  'extra NXDOMAIN queries; drop unneeded node search domains from the kubelet `resolvConf` file.';

/**
 * `dns.ndots-amplification`: with `ndots:5` every name with fewer than 5 dots is first tried with each search suffix.
 * The stock pod file (three cluster domains) is info; extra non-cluster domains making 4+ suffixes is a warning.
 */
export function analyzeNdotsAmplification(report: Report): Finding[] {
  const findings: Finding[] = [];
  for (const { value } of itemsOf(report, resolvConfParser)) {
    const ndots = value.ndots ?? 1;
    if (ndots < 5 || value.search.length === 0) continue;
    const split = splitSearch(value.search);
    const tries = value.search.length;
    const warn = split.other.length > 0 && tries >= 4;
    const example = 'api.example.com';
    const expanded = value.search.slice(0, 2).map((s) => `${example}.${s.replace(/\.$/, '')}`);
    const evidence = [
      `options ndots:${ndots}; search ${value.search.join(' ')} (${tries} suffix${tries === 1 ? '' : 'es'})`,
      `an external name such as ${example} (2 dots < ${ndots}) is first tried as ${expanded.join(', ')}${tries > 2 ? ', ...' : ''}: ` +
        `${tries} NXDOMAIN queries (${tries * 2} with A+AAAA) before the name itself`,
    ];
    if (split.other.length > 0) evidence.push(`non-cluster search domains: ${split.other.join(' ')}`);
    findings.push({
      id: 'dns.ndots-amplification',
      severity: warn ? 'warning' : 'info',
      title: warn
        ? `Every external lookup tries ${tries} search suffixes first (ndots:${ndots} plus non-cluster search domains)`
        : `Pod resolv.conf uses ndots:${ndots} with ${tries} search domain${tries === 1 ? '' : 's'}: external names cost extra queries`,
      evidence,
      fix: FIX,
      docs: 'https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#pod-dns-config',
    });
  }
  return findings;
}
