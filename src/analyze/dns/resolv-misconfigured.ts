// Draws `dns.resolv-misconfigured`: a resolv.conf that cannot give pods consistent cluster and external answers.
import type { Finding, Severity } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { type ResolvConf, resolvConfParser } from '../../parse/dns/resolv-conf.js';
import { itemsOf } from '../../parse/items-of.js';
import { splitSearch } from '../readings/cluster-domains.js';

type View = 'loopback' | 'private' | 'public';

/** Which resolver "view" an address belongs to: the host itself, a private network, or the internet. */
export function viewOf(address: string): View {
  const a = address.toLowerCase().replace(/%.*$/, '');
  if (/^127\./.test(a) || a === '::1') return 'loopback';
  if (/^(?:10\.|192\.168\.|169\.254\.|172\.(?:1[6-9]|2\d|3[01])\.|100\.(?:6[4-9]|[7-9]\d|1[01]\d|12[0-7])\.)/.test(a))
    return 'private';
  if (/^f[cd][0-9a-f]{2}:|^fe80:/.test(a)) return 'private';
  return 'public';
}

interface Problem {
  severity: Severity;
  text: string;
}

function problemsOf(conf: ResolvConf): Problem[] {
  const problems: Problem[] = [];
  const split = splitSearch(conf.search);
  const podFile = split.clusterDomains.length > 0;
  const ns = conf.nameservers;
  if (ns.length === 0) {
    problems.push({ severity: 'warning', text: 'no nameserver line: the resolver falls back to 127.0.0.1' });
  }
  if (ns.length > 3) {
    problems.push({
      severity: 'warning',
      text: `${ns.length} nameservers: glibc and musl use only the first 3 (${ns.slice(0, 3).join(', ')})`,
    });
  }
  const views = new Set(ns.map(viewOf));
  if (ns.length > 1 && views.size > 1) {
    problems.push({
      severity: 'warning',
      text: `nameservers with different views (${ns.map((n) => `${n} ${viewOf(n)}`).join(', ')}): a lookup answered by the wrong one fails or differs (failover, \`rotate\`, musl's parallel queries)`,
    });
  }
  const searchChars = conf.search.join(' ').length;
  if (conf.search.length > 6 || searchChars > 255) {
    problems.push({
      severity: 'warning',
      text: `search list of ${conf.search.length} domains, ${searchChars} characters: musl reads at most 255 characters of the line and glibc before 2.26 only 6 domains (256 characters), so names relying on the later domains fail; kubelet before 1.28 also trims the pod list to 6 (and logs "Search Line limits were exceeded")`,
    });
  }
  if (podFile) {
    const loopback = ns.filter((n) => viewOf(n) === 'loopback');
    if (loopback.length > 0) {
      problems.push({
        severity: 'warning',
        text: `a pod resolv.conf (search ${conf.search.join(' ')}) with a loopback nameserver ${loopback.join(', ')}: the cluster DNS is bypassed unless a local forwarder runs in the pod`,
      });
    }
    for (const domain of split.clusterDomains) {
      const missing = [`svc.${domain}`, domain].filter((d) => !split.cluster.includes(d));
      if (!split.cluster.some((d) => d.endsWith(`.svc.${domain}`))) missing.unshift(`<namespace>.svc.${domain}`);
      if (missing.length > 0) {
        problems.push({
          severity: 'warning',
          text: `cluster search domains incomplete: missing ${missing.join(', ')}`,
        });
      }
    }
  } else if (ns.length > 0 && ns.every((n) => n === '127.0.0.53')) {
    problems.push({
      severity: 'info',
      text: 'nameserver 127.0.0.53 is the systemd-resolved stub: pods with dnsPolicy Default and CoreDNS (`forward . /etc/resolv.conf`) cannot use it from their own network namespace (CoreDNS loop)',
    });
  }
  return problems;
}

/** `dns.resolv-misconfigured`: a resolv.conf that cannot give pods consistent cluster and external answers. */
export function analyzeResolvMisconfigured(report: Report): Finding[] {
  const problems: Problem[] = [];
  for (const { value } of itemsOf(report, resolvConfParser)) problems.push(...problemsOf(value));
  if (problems.length === 0) return [];
  const severity: Severity = problems.some((p) => p.severity === 'warning') ? 'warning' : 'info';
  const stubOnly = severity === 'info';
  return [
    {
      id: 'dns.resolv-misconfigured',
      severity,
      title: stubOnly
        ? 'Node resolv.conf points at the systemd-resolved stub (127.0.0.53)'
        : 'resolv.conf cannot give consistent cluster and external answers',
      evidence: problems.map((p) => p.text).slice(0, 8),
      fix: stubOnly
        ? 'Point kubelet at the real upstream list: `resolvConf: /run/systemd/resolve/resolv.conf` in the KubeletConfiguration.'
        : 'Give pods only the cluster DNS: kubelet `clusterDNS: [<kube-dns ClusterIP>]` and `clusterDomain`, ' +
          '`dnsPolicy: ClusterFirst` (or `ClusterFirstWithHostNet` for hostNetwork pods); put upstream servers in ' +
          'CoreDNS (`forward . <upstream>`), not next to the cluster DNS.',
      docs: 'https://kubernetes.io/docs/tasks/administer-cluster/dns-debugging-resolution/#known-issues',
    },
  ];
}
