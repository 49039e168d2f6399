// Which Prometheus target is this Kubernetes node? node_exporter targets are usually labelled `instance="IP:9100"`
// (Kubernetes service discovery of the endpoints), `instance="node-7:9100"`, or relabelled to the node name
// (kube-prometheus); some setups add a `node` or `kubernetes_node` label instead.
import { promqlString, regexLiteral } from './promql.js';

/** The node to find: its name and the addresses from its status (InternalIP, ExternalIP, Hostname, InternalDNS). */
export interface NodeTarget {
  node: string;
  addresses?: readonly string[];
}

/** A scrape target as Prometheus labels it. */
export interface PrometheusTarget {
  instance: string;
  job?: string;
}

/** Labels of a Prometheus series that name the node directly on some setups. */
export const SERIES_NODE_LABELS = ['node', 'kubernetes_node', 'nodename'] as const;

const IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}$/;
const IPV6 = /^[0-9a-f]*:[0-9a-f:.]*$/;
const HOSTNAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** The host part of an `instance` label: `10.0.0.7:9100` → `10.0.0.7`, `[fd00::7]:9100` → `fd00::7`. */
export function instanceHost(instance: string): string {
  const text = instance.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed) return bracketed[1]!;
  // More than one colon and no brackets: a bare IPv6 address, no port.
  if (text.indexOf(':') !== text.lastIndexOf(':')) return text;
  return text.replace(/:\d+$/, '');
}

/** The node name and its valid addresses, lowercased and deduplicated. */
function hostsOf(target: NodeTarget): string[] {
  const hosts = [target.node, ...(target.addresses ?? [])].map((h) => h.trim().toLowerCase());
  return [...new Set(hosts.filter((h) => IPV4.test(h) || IPV6.test(h) || HOSTNAME.test(h)))];
}

/** How well a series' labels name the node: 3 instance host is the name or an address, 2 the name's FQDN, 1 a node label, 0 no match. */
export function matchStrength(labels: Record<string, string | undefined>, target: NodeTarget): number {
  const node = target.node.toLowerCase();
  if (labels.instance !== undefined) {
    const host = instanceHost(labels.instance);
    if (hostsOf(target).includes(host)) return 3;
    if (host.startsWith(`${node}.`)) return 2;
  }
  return SERIES_NODE_LABELS.some((name) => labels[name]?.toLowerCase() === node) ? 1 : 0;
}

/**
 * Label matcher sets that find the node's series, to be joined with `or`: the instance by name, FQDN or address,
 * with or without a port, then each node label.
 */
export function nodeMatcherSets(target: NodeTarget): string[] {
  const hosts = hostsOf(target);
  const v6 = hosts.filter((h) => h.includes(':')).map(regexLiteral);
  const plain = hosts.filter((h) => !h.includes(':')).map(regexLiteral);
  const alternatives = [`${regexLiteral(target.node.toLowerCase())}\\.[^:]+(?::[0-9]+)?`];
  if (plain.length > 0) alternatives.unshift(`(?:${plain.join('|')})(?::[0-9]+)?`);
  if (v6.length > 0) alternatives.push(`\\[(?:${v6.join('|')})\\](?::[0-9]+)?`, `(?:${v6.join('|')})`);
  // Prometheus regexes are case-sensitive; instance labels of node names are lowercase in practice.
  const instance = `instance=~${promqlString(alternatives.join('|'))}`;
  return [instance, ...SERIES_NODE_LABELS.map((label) => `${label}=${promqlString(target.node)}`)];
}

/** The best target for the node among series labels (strongest match, then a job named like node_exporter), and the rest. */
export function pickTarget(
  candidates: readonly Record<string, string | undefined>[],
  target: NodeTarget,
): { chosen?: PrometheusTarget; others: PrometheusTarget[] } {
  const seen = new Map<string, { target: PrometheusTarget; strength: number }>();
  for (const labels of candidates) {
    const strength = matchStrength(labels, target);
    if (strength === 0 || labels.instance === undefined) continue;
    const t: PrometheusTarget = { instance: labels.instance };
    if (labels.job !== undefined) t.job = labels.job;
    const key = `${t.instance}\u0000${t.job ?? ''}`;
    if (!seen.has(key)) seen.set(key, { target: t, strength });
  }
  const nodeJob = (t: PrometheusTarget) => (/node/i.test(t.job ?? '') ? 1 : 0);
  const ranked = [...seen.values()].sort(
    (a, b) =>
      b.strength - a.strength ||
      nodeJob(b.target) - nodeJob(a.target) ||
      a.target.instance.localeCompare(b.target.instance) ||
      (a.target.job ?? '').localeCompare(b.target.job ?? ''),
  );
  const [first, ...rest] = ranked;
  const out: { chosen?: PrometheusTarget; others: PrometheusTarget[] } = { others: rest.map((r) => r.target) };
  if (first) out.chosen = first.target;
  return out;
}
