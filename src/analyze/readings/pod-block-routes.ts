// The routes that carry per-node pod subnets (overlay devices, BGP daemons, the local bridge).
import type { IpRoute } from '../../parse/network/ip-route.js';
import { type Ipv4Prefix, parsePrefix } from './ipv4-prefix.js';

/** Devices that carry one node's pod subnet to another in the common overlays. */
export const OVERLAY_DEV =
  /^(?:flannel(?:-wg)?\.?\d*|flannel-wg|tunl0|vxlan\.calico|wireguard\.cali|vxlan-v6\.calico|cilium_host|weave)$/;
/** The node's own pod subnet as flannel/kubenet/bridge CNIs route it. */
const LOCAL_BRIDGE = /^(?:cni0|cbr0|kube-bridge)$/;
const ROUTING_DAEMON = new Set(['bird', 'bgp', 'zebra', 'ospf', 'rip', '186', '188', '12']);

export interface PodBlock {
  route: IpRoute;
  prefix: Ipv4Prefix;
  /** The node's own block (Calico `blackhole ... proto bird`, a route on cni0/cbr0). */
  local: boolean;
  /** Installed by a BGP daemon (Calico BIRD): IPAM blocks, several per node, freed and reused. */
  bgp: boolean;
}

export function isRoutingDaemon(proto: string | undefined): boolean {
  return proto !== undefined && ROUTING_DAEMON.has(proto);
}

/** Routes that look like per-node pod blocks: via an overlay device, from a BGP daemon, or the local bridge subnet. */
export function podBlocks(routes: readonly IpRoute[]): PodBlock[] {
  const blocks: PodBlock[] = [];
  for (const route of routes) {
    if (route.family !== 4 || route.dst === 'default' || (route.table && route.table !== 'main')) continue;
    const prefix = parsePrefix(route.dst);
    if (!prefix || prefix.len < 16 || prefix.len > 28) continue;
    const bgp = isRoutingDaemon(route.proto);
    if (route.type === 'blackhole' && bgp) {
      blocks.push({ route, prefix, local: true, bgp });
      continue;
    }
    if (route.type !== 'unicast') continue;
    if (route.dev && LOCAL_BRIDGE.test(route.dev)) blocks.push({ route, prefix, local: true, bgp });
    else if ((route.dev && OVERLAY_DEV.test(route.dev)) || bgp) blocks.push({ route, prefix, local: false, bgp });
  }
  return blocks;
}
