// Draws `network.tunnel-down` (a CNI overlay device administratively down, or tunl0 down while routes use it) and
// `network.tunnel-wrong-device` (a VXLAN device bound to another interface than the one holding its local address).
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { itemsOf } from '../../parse/items-of.js';
import { ipLinkParser, type LinkInfo } from '../../parse/network/ip-link.js';
import { ipRouteParser } from '../../parse/network/ip-route.js';

/** Overlay devices a CNI keeps up while it runs: down means no pod traffic to other nodes. */
const OVERLAY =
  /^(?:flannel(?:-v6)?\.\d+|flannel-wg(?:-v6)?|vxlan(?:-v6)?\.calico|cilium_vxlan|cilium_geneve|wireguard\.cali)$/;

function isDown(link: LinkInfo): boolean {
  // iproute2 prints `state DOWN` and no `UP` flag for a device set down; `state UNKNOWN` is normal for tunnels.
  if (link.flags.length > 0) return !link.flags.includes('UP');
  return link.state === 'DOWN';
}

function address(a: string): string {
  return a.replace(/\/\d+$/, '');
}

/** `network.tunnel-down` and `network.tunnel-wrong-device` from `ip link`/`ip addr` (and `ip route` for tunl0). */
export function analyzeTunnelState(report: Report): Finding[] {
  const links = itemsOf(report, ipLinkParser).flatMap((i) => i.value.links);
  if (links.length === 0) return [];
  const routeDevs = new Set<string>();
  for (const item of itemsOf(report, ipRouteParser)) {
    for (const r of item.value.routes) {
      if (r.type !== 'unicast') continue;
      if (r.dev) routeDevs.add(r.dev);
      for (const n of r.nexthops ?? []) if (n.dev) routeDevs.add(n.dev);
    }
  }
  const down: string[] = [];
  for (const link of links) {
    if (!isDown(link)) continue;
    const flags = link.flags.length > 0 ? `<${link.flags.join(',')}>` : '';
    if (OVERLAY.test(link.name)) down.push(`${link.name}: ${flags} state ${link.state ?? '?'}`.replace(':  ', ': '));
    // tunl0 is down on every Calico node without IP-in-IP: a problem only when routes send pod traffic into it.
    else if (link.name === 'tunl0' && routeDevs.has('tunl0'))
      down.push(`tunl0: ${flags} state ${link.state ?? '?'}, yet routes use dev tunl0`.replace(':  ', ': '));
  }
  const findings: Finding[] = [];
  if (down.length > 0) {
    findings.push({
      id: 'network.tunnel-down',
      severity: 'warning',
      title: 'A CNI tunnel device is down: pod traffic to other nodes has nowhere to go',
      evidence: down.slice(0, 6),
      fix:
        'Restart the CNI agent on this node (flanneld, calico-node, cilium-agent): it recreates and sets the device ' +
        'up; look in its log for why it could not (`kubectl -n kube-system logs <agent pod>`). `ip link set <dev> up` ' +
        'only helps until the agent reconciles.',
    });
  }
  const owner = new Map<string, string>();
  for (const link of links) for (const a of link.addresses) owner.set(address(a), link.name);
  const wrong: string[] = [];
  for (const link of links) {
    const t = link.tunnel;
    if (!t?.dev || !t.local) continue;
    const holder = owner.get(t.local);
    if (holder && holder !== t.dev && holder !== link.name) {
      wrong.push(`${link.name}: vxlan local ${t.local} dev ${t.dev}, but ${t.local} is on ${holder}`);
    }
  }
  if (wrong.length > 0) {
    findings.push({
      id: 'network.tunnel-wrong-device',
      severity: 'warning',
      title: 'A tunnel is bound to another interface than the one holding its source address',
      evidence: wrong.slice(0, 6),
      fix:
        "Pin the CNI to the node's interface: flannel `--iface=<dev>` (or `--iface-regex`), Calico " +
        '`IP_AUTODETECTION_METHOD=interface=<dev>` / `can-reach=<peer>`, then restart the agent so it recreates the device.',
    });
  }
  return findings;
}
