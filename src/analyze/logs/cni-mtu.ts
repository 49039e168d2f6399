// Draws `mtu.mismatch` from CNI agent logs: MTU complaints, or a configured MTU the interfaces cannot carry.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { itemsOf } from '../../parse/items-of.js';
import { type CniMtuStatement, cniLogParser } from '../../parse/logs/cni-log.js';

/**
 * `mtu.mismatch` from CNI agent logs: MTU warnings/errors, a configured MTU above the detected interface MTU, or an
 * MTU inherited from an interface that does not hold the node IP.
 */
export function analyzeCniMtu(report: Report): Finding[] {
  const statements: CniMtuStatement[] = itemsOf(report, cniLogParser).flatMap((i) => i.value.mtu);
  if (statements.length === 0) return [];
  const evidence: string[] = [];
  for (const p of statements.filter((s) => s.kind === 'problem').slice(0, 3)) evidence.push(`CNI log: ${p.line}`);
  const detected = statements.filter((s) => s.kind === 'detected' && s.value !== undefined);
  const configured = statements.filter((s) => s.kind === 'configured' && s.value !== undefined);
  const low = Math.min(...detected.map((d) => d.value!));
  for (const c of configured) {
    if (detected.length > 0 && c.value! > low) {
      const d = detected.find((x) => x.value === low)!;
      evidence.push(
        `configured MTU ${c.value} is larger than the detected interface MTU ${low}${d.device ? ` (${d.device})` : ''}: ${c.line}`,
      );
    }
  }
  // Cilium takes its MTU from the interface holding the node IP it found; another interface means another path.
  const nodeIps = new Set(itemsOf(report, cniLogParser).flatMap((i) => i.value.nodeIps));
  for (const d of detected) {
    if (d.ip === undefined || nodeIps.size === 0 || nodeIps.has(d.ip)) continue;
    evidence.push(
      `MTU ${d.value} taken from ${d.device ?? 'an interface'} (${d.ip}), but the node IP is ${[...nodeIps].join(', ')}: ` +
        `the pod MTU follows another interface than the node's traffic: ${d.line}`,
    );
  }
  if (evidence.length === 0) return [];
  return [
    {
      id: 'mtu.mismatch',
      severity: 'warning',
      title: 'The CNI agent reports an MTU problem: large packets may be dropped',
      evidence,
      fix:
        'Set the CNI MTU to the underlay MTU minus the encapsulation (VXLAN 50, IPIP 20, Geneve 50+, WireGuard 60/80), e.g. ' +
        'Calico `FelixConfiguration` `vxlanMTU`/`ipipMTU`/`wireguardMTU`, Cilium `--mtu`, Flannel backend MTU; then recreate the pods.',
    },
  ];
}
