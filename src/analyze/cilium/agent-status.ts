// Draws `cilium.agent-unhealthy`, `cilium.controllers-failing` and `cilium.health-unreachable` from the agent's
// status (`cilium-dbg status`, cilium-cli's summary) and its metrics.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { ciliumMetricsParser } from '../../parse/cilium/cilium-metrics.js';
import { ciliumStatusParser, type StatusState } from '../../parse/cilium/cilium-status.js';
import { itemsOf } from '../../parse/items-of.js';
import { cniLogParser } from '../../parse/logs/cni-log.js';

const BAD = /^(?:Failure|Warning|Error|Unreachable|\d+ errors?)/i;

function stateLine(name: string, s: StatusState | undefined): string | undefined {
  if (!s || !BAD.test(`${s.state} ${s.message}`)) return undefined;
  return `${name}: ${s.state}${s.message ? ` ${s.message}` : ''}`.slice(0, 300);
}

/** `cilium.agent-unhealthy`: the agent (or a part it depends on) says Failure/Warning. */
export function analyzeAgentUnhealthy(report: Report): Finding[] {
  const evidence: string[] = [];
  for (const { value: s } of itemsOf(report, ciliumStatusParser)) {
    for (const line of [
      stateLine('Cilium', s.cilium),
      stateLine('KVStore', s.kvstore),
      stateLine('Kubernetes', s.kubernetes),
      stateLine('Cilium health daemon', s.healthDaemon),
    ]) {
      if (line) evidence.push(line);
    }
    if (s.modules && (s.modules.Degraded ?? 0) > 0) {
      evidence.push(
        `Modules Health: ${Object.entries(s.modules)
          .map(([k, v]) => `${k}(${v})`)
          .join(' ')}`,
      );
    }
    if (s.daemonSet && s.daemonSet.ready < s.daemonSet.desired) {
      evidence.push(`DaemonSet cilium: ${s.daemonSet.ready}/${s.daemonSet.desired} ready`);
    }
    for (const e of s.errors.slice(0, 5)) evidence.push(`Errors: ${e}`);
  }
  // A fatal record is the agent exiting (it logs `level=fatal` once, then stops): no datapath updates until restarted.
  for (const item of itemsOf(report, cniLogParser)) {
    for (const c of item.value.classes) {
      if (c.cni === 'cilium' && /(?:^|\s)level=fatal\b|"level":"fatal"/i.test(c.example)) {
        evidence.push(`agent log: ${c.count}x ${c.example}`.slice(0, 320));
      }
    }
  }
  if (evidence.length === 0) return [];
  return [
    {
      id: 'cilium.agent-unhealthy',
      severity: 'warning',
      title: 'The Cilium agent reports itself unhealthy',
      evidence,
      fix: 'Read the failing part\'s message: KVStore/Kubernetes failures are the agent losing its datastore or API server (network, certificates, RBAC); "Cilium: Failure" and degraded modules come with a reason in `cilium-dbg status --verbose` and the agent log (`kubectl -n kube-system logs ds/cilium -c cilium-agent`); check agent restarts.',
    },
  ];
}

/** `cilium.controllers-failing`: some of the agent's controllers keep failing. */
export function analyzeControllersFailing(report: Report): Finding[] {
  const evidence: string[] = [];
  for (const { value: s } of itemsOf(report, ciliumStatusParser)) {
    if (s.controllers && s.controllers.healthy < s.controllers.total) {
      evidence.push(`Controller Status: ${s.controllers.healthy}/${s.controllers.total} healthy`);
    }
    for (const c of s.failingControllers.slice(0, 5)) {
      evidence.push(`${c.name}: ${c.failures} consecutive failures: ${c.message}`.slice(0, 300));
    }
  }
  for (const { value: m } of itemsOf(report, ciliumMetricsParser)) {
    if ((m.controllersFailing ?? 0) > 0) evidence.push(`cilium_controllers_failing = ${m.controllersFailing}`);
  }
  if (evidence.length === 0) return [];
  return [
    {
      id: 'cilium.controllers-failing',
      severity: 'warning',
      title: "Cilium agent controllers are failing: the node's datapath state may be stale",
      evidence,
      fix: 'See which controllers fail and why with `cilium-dbg status --all-controllers`; endpoint sync and ipcache controllers failing usually mean API server or kvstore trouble, endpoint regeneration failures a datapath (BPF compile/load) problem in the agent log.',
    },
  ];
}

/** `cilium.health-unreachable`: cilium-health cannot reach some nodes or their health endpoints. */
export function analyzeHealthUnreachable(report: Report): Finding[] {
  const evidence: string[] = [];
  for (const { value: s } of itemsOf(report, ciliumStatusParser)) {
    const h = s.clusterHealth;
    if (!h) continue;
    if (h.total > 0 && h.reachable < h.total) {
      const names = h.unreachable.length > 0 ? `: ${h.unreachable.slice(0, 6).join(', ')}` : '';
      evidence.push(`Cluster health: ${h.reachable}/${h.total} reachable${names}`);
    } else if (h.message && /^(?:Warning|Failure)\b/.test(h.message)) {
      evidence.push(`Cluster health: ${h.message}`.slice(0, 300));
    }
  }
  for (const { value: m } of itemsOf(report, ciliumMetricsParser)) {
    if ((m.unreachableNodes ?? 0) > 0) evidence.push(`cilium_unreachable_nodes = ${m.unreachableNodes}`);
    if ((m.unreachableHealthEndpoints ?? 0) > 0) {
      evidence.push(`cilium_unreachable_health_endpoints = ${m.unreachableHealthEndpoints}`);
    }
  }
  if (evidence.length === 0) return [];
  return [
    {
      id: 'cilium.health-unreachable',
      severity: 'warning',
      title: 'Cilium health checks cannot reach some nodes or their pods',
      evidence,
      fix: 'Run `cilium-dbg status --verbose` (or `cilium-health status --probe`) on both ends: a node unreachable on ICMP/4240 is the underlay or a firewall (allow 4240/TCP, ICMP and the tunnel port 8472/UDP or 6081/UDP between nodes); endpoints unreachable with the node reachable is the overlay/routing or MTU.',
    },
  ];
}

/** Agent log messages saying an endpoint's datapath programs could not be (re)loaded. */
const REGENERATION =
  /endpoint regeneration failed|Error while (?:reloading|rewriting) endpoint BPF program|Failed to load tc filter|Command execution failed.*tc filter|Failed to replace Qdisc/i;

/** `cilium.endpoint-regeneration-failed`: the agent cannot (re)load the BPF programs of some endpoints. */
export function analyzeEndpointRegenerationFailed(report: Report): Finding[] {
  const evidence: string[] = [];
  let count = 0;
  for (const item of itemsOf(report, cniLogParser)) {
    for (const c of item.value.classes) {
      if (c.cni !== 'cilium' || !REGENERATION.test(`${c.key} ${c.example}`)) continue;
      count += c.count;
      if (evidence.length < 4) evidence.push(`agent log: ${c.count}x ${c.example}`.slice(0, 320));
    }
  }
  if (count === 0) return [];
  return [
    {
      id: 'cilium.endpoint-regeneration-failed',
      severity: 'warning',
      title: "The Cilium agent cannot load some endpoints' datapath programs: those pods keep stale or no connectivity",
      evidence,
      fix: 'Find the endpoints (`cilium-dbg endpoint list`: not ready, regenerating) and the first error of each in the agent log; tc/Qdisc failures point at the kernel (tc, BPF features, a veth gone), compile errors at the agent version. Restarting the agent retries all of them.',
    },
  ];
}
