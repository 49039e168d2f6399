// Draws the context kube-proxy's log gives (info): its proxy mode and the conntrack sizing it applies.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { kubeProxyLogs } from '../readings/kube-proxy-events.js';

/** The commonly seen default of nf_conntrack_max (docs/findings.md, `conntrack.max-low`). */
const LOW_MAX = 131072;

/** Info from the kube-proxy log: its proxy mode, and the conntrack sizing it applies to the node. */
export function analyzeKubeProxyContext(report: Report): Finding[] {
  const logs = kubeProxyLogs(report);
  if (logs.length === 0) return [];
  const findings: Finding[] = [];
  const modes = logs.flatMap((l) => l.modes);
  const fallbacks = logs.flatMap((l) => l.fallbacks);
  if (modes.length > 0) {
    const names = [...new Set(modes.map((m) => m.mode))];
    const last = names.at(-1)!;
    findings.push({
      id: 'kube-proxy.mode',
      severity: 'info',
      title: `kube-proxy runs in ${last} mode`,
      evidence: [
        ...modes.slice(0, 3).map((m) => `kube-proxy log: ${m.line}`),
        ...fallbacks.slice(0, 2).map((f) => `fallback: ${f}`),
      ],
    });
  }
  const settings = new Map<string, { value: number; line: string }>();
  for (const log of logs) for (const [k, v] of Object.entries(log.conntrack)) settings.set(k, v);
  if (settings.size > 0) {
    findings.push({
      id: 'conntrack.kube-proxy-managed',
      severity: 'info',
      title: 'kube-proxy sets the conntrack sizing on this node: host sysctl tuning will be overwritten',
      evidence: [...settings].map(([k, v]) => `kube-proxy set ${k} = ${v.value} (${v.line})`),
      fix:
        'Tune conntrack in the KubeProxyConfiguration instead of sysctl: `conntrack.maxPerCore` / `conntrack.min` ' +
        '(nf_conntrack_max = max(maxPerCore x CPUs, min)), `conntrack.tcpEstablishedTimeout`, `conntrack.tcpCloseWaitTimeout`.',
    });
  }
  const max = settings.get('nf_conntrack_max');
  if (max && max.value <= LOW_MAX) {
    findings.push({
      id: 'conntrack.max-low',
      severity: 'info',
      title: `nf_conntrack_max is ${max.value}, the common default: size it for the node's traffic`,
      evidence: [`kube-proxy set nf_conntrack_max = ${max.value} (${max.line})`],
      fix: 'Raise `conntrack.maxPerCore` or `conntrack.min` in the KubeProxyConfiguration (e.g. `min: 524288`) on busy nodes.',
    });
  }
  return findings;
}
