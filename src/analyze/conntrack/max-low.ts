// Draws `conntrack.max-low` (info): a conntrack table limit at or below the common default.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { hostCpus, tableSize } from '../readings/table-size.js';

/** The common default: kernels size 65536-262144 by RAM, kube-proxy `conntrack.min` is 131072. */
export const LOW_MAX = 131072;
const KUBE_PROXY_PER_CORE = 32768;

/** `conntrack.max-low` (info): `nf_conntrack_max` at or below 131072. */
export function analyzeMaxLow(report: Report): Finding[] {
  const size = tableSize(report);
  if (size.max === undefined || size.max <= 0 || size.max > LOW_MAX) return [];
  const evidence = [`nf_conntrack_max ${size.max} (from ${size.maxFrom}): at or below the common default ${LOW_MAX}`];
  const cpus = hostCpus(report);
  if (cpus) {
    evidence.push(
      `${cpus} CPUs: kube-proxy's default would be max(${KUBE_PROXY_PER_CORE} x ${cpus}, 131072) = ${Math.max(KUBE_PROXY_PER_CORE * cpus, LOW_MAX)}`,
    );
  }
  return [
    {
      id: 'conntrack.max-low',
      severity: 'info',
      title: `nf_conntrack_max is ${size.max}: fine for a small node, tight for a busy Kubernetes node`,
      evidence,
      fix: "Size it for the node's traffic: kube-proxy `conntrack.maxPerCore: 32768` and `conntrack.min: 131072` (or more), or `net.netfilter.nf_conntrack_max=262144` in /etc/sysctl.d where kube-proxy does not manage it. Each entry costs about 300 bytes.",
    },
  ];
}
