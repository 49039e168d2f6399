// Draws `service.no-endpoints` and `service.no-local-endpoints`: Services kube-proxy renders without endpoints.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { itemsOf } from '../../parse/items-of.js';
import { ipvsadmParser } from '../../parse/packet-filter/ipvsadm.js';
import { nftRulesetParser } from '../../parse/packet-filter/nft-ruleset.js';
import { describeSource, listOf, ruleSources } from '../readings/rule-sources.js';

const NODEPORT_MIN = 30000;
const NODEPORT_MAX = 32767;

/**
 * service.no-endpoints: Services kube-proxy renders as having no endpoints (iptables "has no endpoints" REJECT, nft
 * no-endpoint map elements, IPVS virtual servers without real servers). service.no-local-endpoints (info): Services
 * with a Local traffic policy and no endpoint on this node, which is normal on nodes without such a pod.
 */
export function analyzeNoEndpoints(report: Report): Finding[] {
  const none = new Map<string, string>();
  const local = new Map<string, string>();
  const evidence: string[] = [];
  const localEvidence: string[] = [];

  for (const source of ruleSources(report)) {
    const { noEndpoints } = source.tally;
    if (noEndpoints.count === 0) continue;
    const here = noEndpoints.rules.filter((r) => !r.local);
    const there = noEndpoints.rules.filter((r) => r.local);
    for (const r of here) none.set(r.service, `${r.target} in ${r.chain}`);
    for (const r of there) local.set(r.service, `${r.target} in ${r.chain}`);
    if (here.length > 0) {
      evidence.push(
        `${source.label}: ${here.length} "has no endpoints" rules: ${listOf(
          here.map((r) => `${r.service} (${r.target} in ${r.chain})`),
          6,
        )}`,
      );
    }
    if (there.length > 0) {
      localEvidence.push(
        `${source.label}: ${listOf(
          there.map((r) => `${r.service} (${r.target} in ${r.chain})`),
          6,
        )} "has no local endpoints"`,
      );
    }
  }
  for (const item of itemsOf(report, nftRulesetParser)) {
    const entries = item.value.noEndpoints.entries;
    const here = entries.filter((e) => !e.local);
    const there = entries.filter((e) => e.local);
    for (const e of here) none.set(e.service, `${e.map}`);
    for (const e of there) local.set(e.service, `${e.map}`);
    const where = describeSource(item, 'nft list');
    if (here.length > 0) {
      evidence.push(
        `${where}: ${here.length} elements in kube-proxy's no-endpoint maps (reject): ${listOf(
          here.map((e) => e.service),
          8,
        )}`,
      );
    }
    if (there.length > 0)
      localEvidence.push(
        `${where}: ${listOf(
          there.map((e) => e.service),
          8,
        )} dropped (no local endpoints)`,
      );
  }
  for (const item of itemsOf(report, ipvsadmParser)) {
    const servers = item.value.withoutRealServers.servers;
    const nodePorts = servers.filter((s) => isNodePort(s.address));
    const others = servers.filter((s) => !isNodePort(s.address));
    const where = describeSource(item, 'ipvsadm');
    for (const s of others) none.set(`${s.protocol} ${s.address}`, 'IPVS');
    for (const s of nodePorts) local.set(`${s.protocol} ${s.address}`, 'IPVS');
    if (others.length > 0) {
      evidence.push(
        `${where}: ${others.length} IPVS virtual servers without real servers: ${listOf(
          others.map((s) => `${s.protocol} ${s.address}`),
          8,
        )}`,
      );
    }
    if (nodePorts.length > 0) {
      localEvidence.push(
        `${where}: ${nodePorts.length} NodePort virtual servers without real servers (normal for externalTrafficPolicy: Local on nodes without the pod): ${listOf(
          nodePorts.map((s) => `${s.protocol} ${s.address}`),
          4,
        )}`,
      );
    }
  }

  const findings: Finding[] = [];
  if (none.size > 0) {
    const names = [...none.keys()];
    findings.push({
      id: 'service.no-endpoints',
      severity: 'warning',
      title: `${names.length} Service${names.length === 1 ? ' has' : 's have'} no endpoints: connections to ${names.length === 1 ? 'it are' : 'them are'} refused or dropped (${listOf(names, 3)})`,
      evidence,
      fix: 'For each Service: `kubectl get endpointslices -n <ns> -l kubernetes.io/service-name=<name>`; if empty, compare `kubectl get svc <name> -o jsonpath={.spec.selector}` with the pod labels, and check that the pods are Ready (readiness probe, `kubectl describe pod`). If the endpoints exist but this node still rejects, kube-proxy on this node is not syncing (check its logs).',
    });
  }
  if (local.size > 0) {
    findings.push({
      id: 'service.no-local-endpoints',
      severity: 'info',
      title: `${local.size} Service${local.size === 1 ? '' : 's'} with a Local traffic policy ha${local.size === 1 ? 's' : 've'} no endpoint on this node (traffic to this node for ${local.size === 1 ? 'it' : 'them'} is dropped)`,
      evidence: localEvidence,
      fix: 'Normal when the pods run elsewhere: load balancers health-check the NodePort (healthCheckNodePort) and skip this node. If they should run here, check the DaemonSet/affinity; if clients on this node need it, use `internalTrafficPolicy: Cluster`.',
    });
  }
  return findings;
}

function isNodePort(address: string): boolean {
  const port = Number(/:(\d+)$/.exec(address)?.[1]);
  return port >= NODEPORT_MIN && port <= NODEPORT_MAX;
}
