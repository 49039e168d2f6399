// Draws `route.unreachable`: unreachable or prohibit routes over remote nodes or pod blocks.
import type { Finding, Severity } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { itemsOf } from '../../parse/items-of.js';
import { type IpRoute, ipRouteParser } from '../../parse/network/ip-route.js';
import { contains, type Ipv4Prefix, overlaps, parseIpv4, parsePrefix } from '../readings/ipv4-prefix.js';
import { isRoutingDaemon, podBlocks } from '../readings/pod-block-routes.js';

function describe(route: IpRoute): string {
  return [route.type, route.dst, route.dev && `dev ${route.dev}`, route.proto && `proto ${route.proto}`]
    .filter(Boolean)
    .join(' ');
}

/** Why an unreachable/prohibit route breaks cluster traffic, or undefined when it looks deliberate. */
function impact(route: IpRoute, prefix: Ipv4Prefix, routes: readonly IpRoute[]): string | undefined {
  const blocks = podBlocks(routes).filter((b) => !b.local && b.route !== route);
  if (isRoutingDaemon(route.proto)) {
    return `installed by the routing daemon (proto ${route.proto}): a route it learnt but could not resolve the next hop of`;
  }
  if (blocks.some((b) => overlaps(b.prefix, prefix) || b.prefix.len === prefix.len)) return 'covers a pod block';
  for (const other of routes) {
    const gw = other.via ? parseIpv4(other.via) : undefined;
    if (gw !== undefined && contains(prefix, gw)) return `covers the next hop ${other.via} of ${other.dst}`;
    const src = other.src ? parseIpv4(other.src) : undefined;
    if (other.type === 'unicast' && other.scope === 'link' && src !== undefined) {
      const onlink = parsePrefix(other.dst);
      if (onlink && overlaps(onlink, prefix)) return `overlaps the node subnet ${other.dst}`;
    }
  }
  return undefined;
}

/**
 * `route.unreachable`: `unreachable`/`prohibit` routes over remote nodes or pod blocks. Calico's `blackhole` for the
 * node's own block, kernel IPv6 defaults on `lo`, and catch-alls in other tables (VRFs) are normal.
 */
export function analyzeRouteUnreachable(report: Report): Finding[] {
  const evidence: string[] = [];
  let severity: Severity = 'warning';
  for (const { value } of itemsOf(report, ipRouteParser)) {
    for (const route of value.routes) {
      if (route.type !== 'unreachable' && route.type !== 'prohibit') continue;
      if (route.dst === 'default' || route.dev === 'lo' || (route.table && route.table !== 'main')) continue;
      const prefix = route.family === 4 ? parsePrefix(route.dst) : undefined;
      if (!prefix || prefix.len === 0) continue;
      const why = impact(route, prefix, value.routes);
      if (why) severity = 'critical';
      if (evidence.length < 8) evidence.push(`${describe(route)}${why ? `: ${why}` : ''}`);
    }
  }
  if (evidence.length === 0) return [];
  return [
    {
      id: 'route.unreachable',
      severity,
      title:
        severity === 'critical'
          ? 'Routes to other nodes or pod blocks are unreachable: traffic there fails with "no route to host"'
          : 'unreachable/prohibit routes in the main table',
      evidence,
      fix:
        'Check the routing daemon and its peers (`calicoctl node status`, `birdcl show route`/BIRD logs about ' +
        '"strange next-hop"): the next hop must be directly reachable, or use IPIP/VXLAN `CrossSubnet`/`Always` ' +
        'between nodes in different subnets; remove hand-made `ip route add unreachable|prohibit ...` entries.',
    },
  ];
}
