// Draws what a CNI agent failed to program (routes, conntrack flushes, IPAM, iptables/ipset, flannel's lease, the
// tunnel device), from the warning and error records of its log.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { itemsOf } from '../../parse/items-of.js';
import { type CniProblem, type CniProblemEvent, cniLogParser } from '../../parse/logs/cni-log.js';

const FINDINGS: Record<CniProblem, { id: string; title: (cni: string) => string; fix: string }> = {
  route: {
    id: 'cni.route-failed',
    title: (cni) => `The ${cni} agent fails to program routes: pods on some nodes are unreachable from here`,
    fix: "Read the route and error in the record: `file exists` means another route (a stale one, another agent's, a static one) holds the destination (`ip route show <cidr>`; remove it); `no route to host`/`network unreachable` means the next hop is not on a connected network (check the node addresses and the autodetected interface).",
  },
  conntrack: {
    id: 'cni.conntrack-flush-failed',
    title: (cni) => `The ${cni} agent cannot flush conntrack entries: traffic keeps going to removed pods`,
    fix: 'Make the conntrack tool/netlink available to the agent (`conntrack` binary in its image, `nf_conntrack_netlink` loaded), then clear stale entries by hand: `conntrack -D -d <old pod IP>`.',
  },
  ipam: {
    id: 'cni.ipam-exhausted',
    title: (cni) => `${cni} IPAM has no address left to give: new pods cannot start`,
    fix: "Free leaked addresses (Calico: `calicoctl ipam check` then `calicoctl ipam release`; host-local: remove files of gone containers in /var/lib/cni/networks/<net>), or give the node/pool a larger range (the node's podCIDR, Calico block size / IP pool).",
  },
  dataplane: {
    id: 'cni.dataplane-failed',
    title: (cni) => `The ${cni} agent fails to apply its iptables/ipset rules: policy and NAT on this node are stale`,
    fix: "Read the failing line of iptables-restore in the record: match the agent's iptables backend to the host's (Calico `FELIX_IPTABLESBACKEND=Auto|NFT|Legacy`), load the kernel modules it needs (ipset, xt_set, xt_mark...), and look for another process holding the xtables lock.",
  },
  lease: {
    id: 'cni.lease-failed',
    title: (cni) => `${cni} cannot get this node's subnet lease: no pod network on this node`,
    fix: 'flannel with the Kubernetes subnet manager needs `spec.podCIDR` on the Node (kube-controller-manager `--allocate-node-cidrs=true --cluster-cidr=<Network of net-conf.json>`) and RBAC to patch nodes (the `flannel` ClusterRole); with etcd, check the etcd endpoints and the network config key.',
  },
  device: {
    id: 'cni.tunnel-device-failed',
    title: (cni) => `The ${cni} agent cannot create or configure its tunnel device: cross-node pod traffic has no path`,
    fix: 'Check the kernel has the module (`modprobe vxlan` / `ipip` / `wireguard`), that no stale device of the same name with other settings exists (`ip -d link show flannel.1`; delete it and restart the agent), and that the chosen parent interface has an address.',
  },
};

/** cni.route-failed, cni.conntrack-flush-failed, cni.ipam-exhausted, cni.dataplane-failed, cni.lease-failed, cni.tunnel-device-failed. */
export function analyzeCniDataplaneProblems(report: Report): Finding[] {
  const totals = new Map<CniProblem, CniProblemEvent>();
  for (const { value } of itemsOf(report, cniLogParser)) {
    for (const [name, ev] of Object.entries(value.problems) as [CniProblem, CniProblemEvent][]) {
      const seen = totals.get(name);
      if (!seen) totals.set(name, { ...ev, examples: [...ev.examples] });
      else {
        seen.count += ev.count;
        seen.last = ev.last ?? seen.last;
        for (const e of ev.examples) if (seen.examples.length < 3) seen.examples.push(e);
      }
    }
  }
  const findings: Finding[] = [];
  for (const [name, ev] of totals) {
    const spec = FINDINGS[name];
    let head = `${ev.cni} agent log: ${ev.count} record${ev.count === 1 ? '' : 's'}`;
    if (ev.first !== undefined && ev.last !== undefined && ev.first !== ev.last) head += ` (${ev.first} .. ${ev.last})`;
    findings.push({
      id: spec.id,
      severity: 'warning',
      title: spec.title(ev.cni),
      evidence: [head, ...ev.examples.slice(0, 2).map((e) => `e.g. ${e}`)],
      fix: spec.fix,
    });
  }
  return findings;
}
