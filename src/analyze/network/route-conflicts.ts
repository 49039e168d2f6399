// Draws `route.conflicting`: one routing table with two routes for the same prefix at the same metric through different
// gateways or devices: the kernel uses whichever came first, so traffic (and replies) may leave by the wrong path.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { itemsOf } from '../../parse/items-of.js';
import { type IpRoute, ipRouteParser } from '../../parse/network/ip-route.js';

/** Prefixes every interface carries on its own (IPv6 link-local, multicast): never a conflict. */
function perInterface(dst: string): boolean {
  return /^fe80:/i.test(dst) || /^ff[0-9a-f]{2}:/i.test(dst) || dst === 'ff00::/8';
}

function hop(r: IpRoute): string {
  return `${r.via ? `via ${r.via} ` : ''}dev ${r.dev ?? '?'}`;
}

/** `route.conflicting` from `ip route` / `route -n`: same table, prefix and metric, different next hops. */
export function analyzeRouteConflicts(report: Report): Finding[] {
  const evidence: string[] = [];
  for (const item of itemsOf(report, ipRouteParser)) {
    const groups = new Map<string, Map<string, IpRoute>>();
    for (const r of item.value.routes) {
      if (r.type !== 'unicast' || r.nexthops || perInterface(r.dst)) continue;
      const key = `${r.table ?? 'main'} ${r.dst} ${r.metric ?? 0}`;
      const hops = groups.get(key) ?? new Map<string, IpRoute>();
      hops.set(hop(r), r);
      groups.set(key, hops);
    }
    for (const [key, hops] of groups) {
      if (hops.size < 2) continue;
      const [table, dst, metric] = key.split(' ');
      evidence.push(
        `${dst}${table === 'main' ? '' : ` table ${table}`} metric ${metric}: ${[...hops.keys()].join(' | ')}`,
      );
    }
  }
  if (evidence.length === 0) return [];
  return [
    {
      id: 'route.conflicting',
      severity: 'warning',
      title: 'Two routes for the same prefix at the same metric point different ways: only the first is used',
      evidence: evidence.slice(0, 6),
      fix:
        'Keep one route per prefix and table, or give them different metrics on purpose (`ip route replace`, the ' +
        "interface's metric in netplan/NetworkManager/DHCP); two default routes on two NICs also need the node IP " +
        '(`kubelet --node-ip`) and the CNI interface pinned to the NIC that holds it, and `rp_filter` loose where ' +
        'replies come back on the other one.',
    },
  ];
}
