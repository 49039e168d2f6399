// Draws `ipvs.no-destination` from the kernel log: IPVS dropping packets to Services without a destination.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { itemsOf } from '../../parse/items-of.js';
import { kernelLogParser } from '../../parse/logs/kernel-log.js';
import { describeOccurrences, exampleLines, kernelStat } from '../readings/kernel-log-stats.js';

/** The default NodePort range: with `externalTrafficPolicy: Local`, nodes without a local endpoint drop by design. */
const NODE_PORT = /:(3[0-2]\d{3})$/;

function isNodePort(service: string): boolean {
  const m = NODE_PORT.exec(service);
  return m !== null && Number(m[1]) >= 30000 && Number(m[1]) <= 32767;
}

/**
 * `ipvs.no-destination` from kernel log lines "IPVS: rr: TCP 10.96.0.10:53 - no destination available": the kernel
 * dropped those packets, so it is critical. When every service named is a NodePort it is a warning: a node without a
 * local endpoint of an `externalTrafficPolicy: Local` Service drops NodePort traffic by design.
 */
export function analyzeIpvsNoDestination(report: Report): Finding[] {
  const s = kernelStat(report, 'ipvs-no-destination');
  if (!s) return [];
  const services = new Map<string, number>();
  for (const item of itemsOf(report, kernelLogParser)) {
    for (const [svc, n] of Object.entries(item.value.ipvsServices)) services.set(svc, (services.get(svc) ?? 0) + n);
  }
  const top = [...services].sort((a, b) => b[1] - a[1]).slice(0, 5);
  const known = top.filter(([svc]) => svc !== 'unknown service');
  const evidence = [`kernel log: "IPVS: ... no destination available" ${describeOccurrences(s)}`];
  if (known.length > 0) evidence.push(`virtual services: ${known.map(([svc, n]) => `${svc} (${n})`).join(', ')}`);
  evidence.push(...exampleLines(s));
  const vip = known[0]?.[0].split(' ')[1] ?? '<clusterIP:port>';
  const nodePortsOnly = known.length > 0 && [...services.keys()].every((svc) => isNodePort(svc));
  if (nodePortsOnly) {
    evidence.push(
      'only NodePorts (30000-32767): expected on nodes without a local endpoint when externalTrafficPolicy is Local',
    );
  }
  return [
    {
      id: 'ipvs.no-destination',
      severity: nodePortsOnly ? 'warning' : 'critical',
      title: 'IPVS dropped packets to a Service that has no usable backend',
      evidence,
      fix:
        `Check the Service behind ${vip}: \`kubectl get svc -A | grep ${vip.replace(/:\d+$/, '').replace(/^\[|\]$/g, '')}\`, then its ` +
        '`kubectl get endpointslices` (ready endpoints?) and `ipvsadm -Ln -t ' +
        `${vip}\` (real servers with weight > 0?). Endpoints present but missing in IPVS means kube-proxy is not ` +
        'syncing (read its log); weight-0 real servers during graceful termination also cause this message.',
    },
  ];
}
