// What each interface is on a Kubernetes node (overlay, VPN, pod side, bridge, underlay), for the MTU checks.
import type { LinkInfo } from '../../parse/network/ip-link.js';

/**
 * What an interface is on a Kubernetes node: a CNI overlay (with its encapsulation), a node-to-node VPN, a pod-side
 * interface or pod bridge, the physical underlay, or something MTU checks must ignore.
 */
export type LinkRole = 'overlay' | 'vpn' | 'pod' | 'bridge' | 'underlay' | 'ignored';

export interface RoledLink {
  link: LinkInfo;
  role: LinkRole;
  /** Encapsulation name and bytes it adds, for overlays and VPNs. */
  encap?: { name: string; overhead: number };
}

/** Kernel fallback devices (created when a tunnel module loads), and devices whose MTU a CNI sets on purpose. */
const IGNORED =
  /^(?:lo|gre0|gretap0|erspan0|ip_vti0|ip6_vti0|sit0|ip6tnl0|ip6gre0|ip6gretap0|ovs-system|br-int|br-ex|kube-ipvs0|nodelocaldns|datapath|weave|vxlan-67\d\d|genev_sys_\d+|cilium_\w+|lxc\w*|vethwe\S*|virbr\d+\S*|dummy\d*)$/;
const UNDERLAY = /^(?:eth|ens|enp|eno|enx|em|bond|team|wlan|wlp|enX|ib|vmbr|p\d+p\d+)/;

function overhead(name: string, ipv6: boolean): number {
  if (name === 'vxlan' || name === 'geneve') return ipv6 ? 70 : 50;
  if (name === 'wireguard') return ipv6 ? 80 : 60;
  if (name === 'ipip' || name === 'sit') return ipv6 ? 40 : 20;
  if (name === 'gre') return 24;
  if (name === 'udp') return 28;
  return 0;
}

function encapOf(link: LinkInfo): string | undefined {
  const n = link.name;
  if (link.detail === 'vxlan' || /^flannel(?:-v6)?\.\d+$|^vxlan(?:-v6)?\.calico$/.test(n)) return 'vxlan';
  if (link.detail === 'geneve') return 'geneve';
  if (link.detail === 'wireguard' || /^(?:wireguard\.cali|wg-v6\.cali|flannel-wg(?:-v6)?|wg\S*)$/.test(n))
    return 'wireguard';
  if (link.detail === 'ipip' || link.linkType === 'ipip' || n === 'tunl0') return 'ipip';
  if (link.detail === 'sit') return 'sit';
  if (link.detail === 'gre') return 'gre';
  if (n === 'flannel0') return 'udp';
  return undefined;
}

/**
 * Devices that exist only in a node's own network namespace (overlays, pod bridges, host-side veths, CNI devices):
 * a link list with one of them is a node's view, never a pod's.
 */
const NODE_DEVICE =
  /^(?:flannel[.-]|flannel\d|vxlan(?:-v6)?\.calico|wireguard\.cali|tunl0$|cni0$|cbr0$|docker0$|kube-bridge$|kube-ipvs0$|nodelocaldns$|cilium_|lxc|weave$|cali[0-9a-f]{6}|veth|genev_sys_|vxlan_sys_|azv|eni[0-9a-f]{6}|gke[0-9a-f]{6})/;

/** True when these (active) links are a node's own view: then `eth0@if27` is the node's underlay (a kind node). */
export function isNodeView(links: LinkInfo[]): boolean {
  return links.some((l) => NODE_DEVICE.test(l.name));
}

/**
 * The role of one link. `nodeView` says the same dump holds node devices: an `eth0@ifN` there is the underlay of a
 * node that is itself a container or namespace (kind, the lab), not a pod's side of a veth pair.
 */
export function roleOf(link: LinkInfo, nodeView = false): RoledLink {
  const n = link.name;
  if (IGNORED.test(n) || link.linkType === 'loopback' || link.tunnel?.external) return { link, role: 'ignored' };
  const encap = encapOf(link);
  if (encap) {
    const ipv6 = /-v6|^wg-v6/.test(n) || (link.tunnel?.local ?? '').includes(':');
    const role: LinkRole = /^(?:wg\d|wg-|tailscale|zt|nebula)/.test(n) && !/cali|flannel/.test(n) ? 'vpn' : 'overlay';
    return { link, role, encap: { name: encap, overhead: overhead(encap, ipv6) } };
  }
  if (/^(?:tailscale\d*|zt\w+|nebula\d*)$/.test(n)) return { link, role: 'vpn', encap: { name: 'vpn', overhead: 0 } };
  if (/^(?:eth\d+)$/.test(n) && /^if\d+$/.test(link.peer ?? '')) return { link, role: nodeView ? 'underlay' : 'pod' };
  if (/^(?:veth|cali|azv|gke|eni|vxlan_sys)/.test(n) || link.detail === 'veth') return { link, role: 'pod' };
  if (/^(?:cni0|cbr0|docker0|kube-bridge|cni-podman\d+|br-[0-9a-f]{12})$/.test(n)) return { link, role: 'bridge' };
  if (UNDERLAY.test(n) && !n.includes('@')) return { link, role: 'underlay' };
  return { link, role: 'ignored' };
}

/** Up and able to carry traffic: iproute2 `state UP/UNKNOWN`, or UP with a carrier (RUNNING/LOWER_UP) or NOARP. */
export function isActive(link: LinkInfo): boolean {
  if (link.flags.includes('NO-CARRIER')) return false;
  if (link.state === 'DOWN' || link.state === 'LOWERLAYERDOWN' || link.state === 'NOTPRESENT') return false;
  if (!link.flags.includes('UP') && link.flags.length > 0) return false;
  if (link.flags.length === 0) return link.state === 'UP' || link.state === 'UNKNOWN';
  return link.flags.some((f) => f === 'LOWER_UP' || f === 'RUNNING' || f === 'NOARP' || f === 'POINTOPOINT');
}
