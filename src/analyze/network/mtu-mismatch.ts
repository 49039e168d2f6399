// Draws `mtu.mismatch` from the node's links: an MTU larger than its path allows, or an overlay far below it.
import type { Finding, Severity } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { itemsOf } from '../../parse/items-of.js';
import { ifconfigParser } from '../../parse/network/ifconfig.js';
import { ipLinkParser, type LinkInfo } from '../../parse/network/ip-link.js';
import { ipRouteParser } from '../../parse/network/ip-route.js';
import { isActive, isNodeView, type RoledLink, roleOf } from './link-roles.js';

/** An overlay this much below what its underlay allows wastes throughput (info). */
const FAR_SMALLER = 500;

interface Problem {
  severity: Severity;
  text: string;
}

/** The interface carrying node-to-node traffic, and why it was chosen. */
function underlayFor(overlay: RoledLink | undefined, active: RoledLink[], report: Report): RoledLink | undefined {
  const byName = (name: string | undefined) => active.find((l) => l.link.name === name && l.link.mtu !== undefined);
  if (overlay) {
    const vpn = active.filter((l) => l.role === 'vpn' && l !== overlay && l.link.mtu !== undefined);
    if (vpn.length > 0) return vpn.reduce((a, b) => (a.link.mtu! <= b.link.mtu! ? a : b));
    const dev = byName(overlay.link.tunnel?.dev);
    if (dev) return dev;
  }
  for (const { value } of itemsOf(report, ipRouteParser)) {
    const route = value.routes.find(
      (r) => r.dst === 'default' && r.dev && (r.table === undefined || r.table === 'main'),
    );
    const dev = byName(route?.dev);
    if (dev && (dev.role === 'underlay' || dev.role === 'vpn')) return dev;
  }
  const physical = active.filter((l) => l.role === 'underlay' && l.link.mtu !== undefined);
  return physical.length === 0 ? undefined : physical.reduce((a, b) => (a.link.mtu! >= b.link.mtu! ? a : b));
}

function describe(link: LinkInfo): string {
  return `${link.name}${link.peer ? `@${link.peer}` : ''} mtu ${link.mtu}`;
}

function problemsIn(links: LinkInfo[], report: Report): Problem[] {
  const problems: Problem[] = [];
  const up = links.filter((l) => isActive(l) && l.mtu !== undefined);
  const nodeView = isNodeView(up);
  const active = up.map((l) => roleOf(l, nodeView));
  const overlays = active.filter((l) => l.role === 'overlay' || l.role === 'vpn');
  for (const overlay of overlays) {
    const under = underlayFor(overlay, active, report);
    if (!under || under === overlay || !overlay.encap || overlay.encap.overhead === 0) continue;
    const allowed = under.link.mtu! - overlay.encap.overhead;
    const mtu = overlay.link.mtu!;
    const what = `${describe(overlay.link)} (${overlay.encap.name}, ${overlay.encap.overhead} bytes) over ${describe(under.link)}`;
    if (mtu > allowed) {
      problems.push({
        severity: 'warning',
        text: `${what}: at most ${allowed} fits, ${mtu - allowed} bytes too large`,
      });
    } else if (allowed - mtu >= FAR_SMALLER) {
      problems.push({
        severity: 'info',
        text: `${what}: up to ${allowed} would fit, ${allowed - mtu} bytes unused per packet`,
      });
    }
  }
  const cniOverlays = overlays.filter((l) => l.role === 'overlay');
  const smallestOverlay = cniOverlays.reduce<RoledLink | undefined>(
    (a, b) => (a === undefined || b.link.mtu! < a.link.mtu! ? b : a),
    undefined,
  );
  const underlay = underlayFor(undefined, active, report);
  const podSide = active.filter((l) => l.role === 'pod' || l.role === 'bridge');
  const limit = smallestOverlay ?? underlay;
  if (limit) {
    const tooBig = podSide.filter((l) => l.link.mtu! > limit.link.mtu!);
    if (tooBig.length > 0) {
      const shown = tooBig.slice(0, 4).map((l) => describe(l.link));
      const more = tooBig.length > shown.length ? ` and ${tooBig.length - shown.length} more` : '';
      const path = limit === smallestOverlay ? 'the overlay' : 'the node egress';
      problems.push({
        severity: 'warning',
        text: `pod-side ${shown.join(', ')}${more} larger than ${path} ${describe(limit.link)}`,
      });
    }
  }
  return problems;
}

/**
 * `mtu.mismatch`: an overlay, VPN or pod-side MTU larger than its path allows (warning), or an overlay far smaller
 * than its underlay allows (info). Each `ip link`/`ifconfig` item is one node's (or namespace's) view.
 */
export function analyzeMtuMismatch(report: Report): Finding[] {
  const problems: Problem[] = [];
  const items = [...itemsOf(report, ipLinkParser), ...itemsOf(report, ifconfigParser)];
  for (const item of items) for (const node of splitNodes(item.value.links)) problems.push(...problemsIn(node, report));
  if (problems.length === 0) return [];
  const severity: Severity = problems.some((p) => p.severity === 'warning') ? 'warning' : 'info';
  const shown = [...new Set(problems.filter((p) => p.severity === severity).map((p) => p.text))];
  return [
    {
      id: 'mtu.mismatch',
      severity,
      title:
        severity === 'warning'
          ? 'An interface MTU is larger than its path allows: large packets are dropped or fragmented'
          : 'The overlay MTU is far below what the underlay allows (throughput lost, nothing dropped)',
      evidence: shown.slice(0, 6),
      fix:
        'Set the CNI MTU to the underlay MTU minus the encapsulation (VXLAN/Geneve 50, IPv6 VXLAN 70, IPIP 20, ' +
        'WireGuard 60 or 80): Calico `veth_mtu` in the calico-config ConfigMap (or FelixConfiguration `vxlanMTU`/' +
        '`ipipMTU`/`wireguardMTU`), flannel `net-conf.json` `"MTU"` or the subnet.env it writes, Cilium `--mtu`; ' +
        'then recreate the pods so their veths pick it up.',
    },
  ];
}

/** Splits concatenated outputs of several hosts (`1: lo` appearing again) into one list per host. */
function splitNodes(links: LinkInfo[]): LinkInfo[][] {
  const groups: LinkInfo[][] = [[]];
  for (const link of links) {
    const group = groups.at(-1)!;
    if (group.some((l) => l.name === link.name)) {
      groups.push([link]);
    } else group.push(link);
  }
  return groups;
}
