// A flannel-style lab node: eth0 underlay to a peer, flannel.1 VXLAN, a cni0 bridge with a pod behind it, and the
// per-node pod routes given (leave one out for a missing route; shrink the underlay for an MTU mismatch).
import { connect, createLabHost, type LabHost } from './lab-host.js';

/** A flannel-style node: eth0 underlay, flannel.1 VXLAN, cni0 bridge with a pod behind it, per-node pod routes. */
export function overlayNode(opts: {
  underlayMtu?: number;
  vxlanMtu: number;
  podMtu: number;
  podRoutes: number[];
}): LabHost {
  const node = createLabHost('node');
  const peer = createLabHost('peer');
  const pod = createLabHost('pod');
  connect(node, '192.168.77.1/24', peer, '192.168.77.2/24');
  node.run([
    'ip',
    'link',
    'add',
    'flannel.1',
    'type',
    'vxlan',
    'id',
    '1',
    'local',
    '192.168.77.1',
    'dev',
    'eth0',
    'dstport',
    '8472',
    'nolearning',
  ]);
  node.run(['ip', 'link', 'set', 'flannel.1', 'mtu', String(opts.vxlanMtu), 'up']);
  node.run(['ip', 'addr', 'add', '10.244.0.0/32', 'dev', 'flannel.1']);
  // The kernel caps a VXLAN device at its lower device's MTU minus 50 when it is created; an underlay whose MTU
  // drops later (a VPN, a cloud network with jumbo frames off) leaves the overlay too large, as on real nodes.
  if (opts.underlayMtu) node.run(['ip', 'link', 'set', 'eth0', 'mtu', String(opts.underlayMtu)]);
  node.run(['ip', 'link', 'add', 'cni0', 'type', 'bridge']);
  node.run(['ip', 'addr', 'add', '10.244.0.1/24', 'dev', 'cni0']);
  node.run(['ip', 'link', 'set', 'cni0', 'mtu', String(opts.podMtu), 'up']);
  connect(node, '10.244.0.250/32', pod, '10.244.0.5/24', 'vethpod', opts.podMtu);
  node.run(['ip', 'link', 'set', 'vethpod', 'master', 'cni0']);
  for (const n of opts.podRoutes) {
    node.run(['ip', 'route', 'add', `10.244.${n}.0/24`, 'via', `10.244.${n}.0`, 'dev', 'flannel.1', 'onlink']);
  }
  return node;
}
