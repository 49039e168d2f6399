// Draws `route.missing-pod-route`: a hole in the per-node pod-subnet routes of an overlay.
import type { Finding, Severity } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { itemsOf } from '../../parse/items-of.js';
import { ipRouteParser } from '../../parse/network/ip-route.js';
import { formatIpv4 } from '../readings/ipv4-prefix.js';
import { type PodBlock, podBlocks } from '../readings/pod-block-routes.js';

/** Blocks further apart than this are not one sequentially allocated cluster CIDR. */
const MAX_SPAN = 4096;

interface Gap {
  severity: Severity;
  text: string;
}

function gapIn(blocks: PodBlock[]): Gap | undefined {
  const lengths = new Map<number, number>();
  for (const b of blocks) if (!b.local) lengths.set(b.prefix.len, (lengths.get(b.prefix.len) ?? 0) + 1);
  const len = [...lengths].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (len === undefined) return undefined;
  const size = 2 ** (32 - len);
  const same = blocks.filter((b) => b.prefix.len === len);
  const indices = [...new Set(same.map((b) => b.prefix.net / size))].sort((a, b) => a - b);
  if (indices.length < 3) return undefined;
  const first = indices[0]!;
  const span = indices.at(-1)! - first + 1;
  if (span > MAX_SPAN) return undefined;
  // Holes are judged one by one: a short hole between present blocks is a lost route; a long run of absent blocks
  // is a range of nodes that no longer exist (scale-down, replaced node pools), which says nothing about this node.
  const shortHole = Math.max(1, Math.floor(indices.length / 3));
  const holes: { from: number; length: number }[] = [];
  for (let i = 1; i < indices.length; i++) {
    const length = indices[i]! - indices[i - 1]! - 1;
    if (length > 0) holes.push({ from: indices[i - 1]! + 1, length });
  }
  const short = holes.filter((h) => h.length <= shortHole);
  const missing = short.reduce((sum, h) => sum + h.length, 0);
  if (missing < 1 || missing > shortHole) return undefined;
  const gaps: string[] = [];
  for (const h of short)
    for (let i = h.from; i < h.from + h.length && gaps.length < 5; i++) gaps.push(`${formatIpv4(i * size)}/${len}`);
  const skipped = holes.length > short.length ? holes.filter((h) => h.length > shortHole) : [];
  const devs = [
    ...new Set(same.filter((b) => !b.local).map((b) => b.route.dev ?? (b.route.nexthops ? 'multipath' : '?'))),
  ];
  const local = same.find((b) => b.local);
  const bgp = same.every((b) => b.bgp);
  const text =
    `${indices.length} per-node /${len} pod routes (${devs.join(', ')})${local ? `, own block ${local.route.dst}` : ''}, ` +
    `from ${formatIpv4(first * size)}/${len} to ${formatIpv4(indices.at(-1)! * size)}/${len}; no route for ${gaps.join(', ')}` +
    `${missing > gaps.length ? ` and ${missing - gaps.length} more` : ''}` +
    (skipped.length > 0
      ? ` (a run of ${skipped.map((h) => h.length).join(', ')} absent blocks left aside: likely removed nodes)`
      : '');
  return { severity: bgp ? 'info' : 'warning', text };
}

/**
 * `route.missing-pod-route`: a hole in the otherwise consecutive per-node pod-subnet routes of an overlay (flannel
 * hands out /24s in order). For BGP-learnt IPAM blocks (Calico) a hole is often a freed block: info only.
 */
export function analyzeMissingPodRoute(report: Report): Finding[] {
  const gaps: Gap[] = [];
  for (const { value } of itemsOf(report, ipRouteParser)) {
    const gap = gapIn(podBlocks(value.routes));
    if (gap) gaps.push(gap);
  }
  if (gaps.length === 0) return [];
  const severity: Severity = gaps.some((g) => g.severity === 'warning') ? 'warning' : 'info';
  return [
    {
      id: 'route.missing-pod-route',
      severity,
      title: 'A pod-subnet route to another node is missing: pods on that node are unreachable from here',
      evidence: [
        ...gaps.map((g) => g.text),
        'the missing subnet may also belong to a node that was deleted (compare with `kubectl get nodes -o custom-columns=NAME:.metadata.name,CIDR:.spec.podCIDR`)',
      ],
      fix:
        'Find the node that owns the missing subnet (`kubectl get nodes -o wide` and its `spec.podCIDR`), then check ' +
        'the CNI agent there and here (`kubectl -n kube-flannel logs <pod>`, or calico-node/BIRD); flannel re-adds ' +
        'routes when its pod restarts; check for other agents deleting routes (`ip monitor route`).',
    },
  ];
}
