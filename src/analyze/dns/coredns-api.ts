// Draws `coredns.api-unreachable`: CoreDNS cannot list or watch the Kubernetes API, so Service names go stale or fail.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { corednsLogParser } from '../../parse/dns/coredns-log.js';
import { itemsOf } from '../../parse/items-of.js';

/**
 * `coredns.api-unreachable`: `Failed to list/watch *v1.Service ...` (warning from two lines, info for one: a watch
 * broken by an API-server restart) or `Still waiting on: "kubernetes"` three or more times. One
 * `starting server with unsynced Kubernetes API` at start-up is normal and draws nothing.
 */
export function analyzeCorednsApi(report: Report): Finding[] {
  let failures = 0;
  let waiting = 0;
  const evidence: string[] = [];
  for (const { value } of itemsOf(report, corednsLogParser)) {
    failures += value.apiErrors.count;
    waiting += value.waitingOnApi;
    for (const line of value.apiErrors.examples) if (evidence.length < 3) evidence.push(line);
  }
  if (failures === 0 && waiting < 3) return [];
  if (waiting > 0) evidence.push(`plugin/ready: Still waiting on: "kubernetes" x${waiting}`);
  const warn = failures >= 2 || waiting >= 3;
  const target = /https?:\/\/([\d.]+:\d+)/.exec(evidence.join(' '))?.[1];
  return [
    {
      id: 'coredns.api-unreachable',
      severity: warn ? 'warning' : 'info',
      title: `CoreDNS cannot reach the Kubernetes API${target ? ` (${target})` : ''}: Service and Pod names are not served or go stale`,
      evidence,
      fix:
        "Check that pods on CoreDNS's node reach the `kubernetes` Service ClusterIP (kube-proxy rules on that node, " +
        'the API server endpoints, `kubectl get endpointslices kubernetes`), CNI health on that node, and the ' +
        "CoreDNS ServiceAccount's RBAC (`system:coredns` ClusterRole: list/watch endpointslices, services, namespaces).",
      docs: 'https://coredns.io/plugins/kubernetes/',
    },
  ];
}
