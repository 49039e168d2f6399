// The nodes near what someone asked for, for "did you mean" hints when a node reference matches none: near by name or
// `kubernetes.io/hostname` label (edit distance), or, for an address, in the same subnet (/24, /64) and closest. Pure.
import { canonicalIP } from './ip-address.js';
import { nearNames } from './near-names.js';
import type { NodeInfo } from './resolve-node.js';

interface Owner {
  node: NodeInfo;
  /** What is near, as the node spells it. */
  shown: string;
}

/** An address as a subnet key and a position in it: IPv4 /24 + last octet, IPv6 /64 + interface id. */
function place(ip: string): { subnet: string; at: bigint } {
  if (ip.includes(':')) {
    const groups = ip.split(':');
    return { subnet: groups.slice(0, 4).join(':'), at: BigInt(`0x${groups.slice(4).join('')}`) };
  }
  const octets = ip.split('.');
  return { subnet: octets.slice(0, 3).join('.'), at: BigInt(octets[3] ?? '0') };
}

/** Owners of the addresses in `ip`'s subnet, closest first. */
function nearAddresses(ip: string, addresses: ReadonlyMap<string, Owner[]>): string[] {
  const wanted = place(ip);
  const scored: { key: string; distance: bigint }[] = [];
  for (const key of addresses.keys()) {
    const other = place(key);
    if (other.subnet !== wanted.subnet || key === ip) continue;
    const distance = other.at > wanted.at ? other.at - wanted.at : wanted.at - other.at;
    scored.push({ key, distance });
  }
  scored.sort((a, b) => (a.distance < b.distance ? -1 : a.distance > b.distance ? 1 : a.key.localeCompare(b.key)));
  return scored.map((s) => s.key);
}

/**
 * Nodes whose name, host name label or address is near one of `values`, best first, each once, at most `max`:
 * `node-7`, or `node-7 (10.0.3.7)` when the near thing is not its name.
 */
export function nearNodes(values: readonly string[], nodes: readonly NodeInfo[], max = 3): string[] {
  const names = new Map<string, Owner[]>();
  const addresses = new Map<string, Owner[]>();
  const own = (token: string | undefined, node: NodeInfo) => {
    if (!token) return;
    const ip = canonicalIP(token);
    const map = ip ? addresses : names;
    const key = ip ?? token.toLowerCase();
    const list = map.get(key) ?? [];
    if (!list.some((o) => o.node === node)) list.push({ node, shown: token });
    map.set(key, list);
  };
  for (const node of nodes) {
    own(node.name, node);
    own(node.hostname, node);
    for (const address of node.addresses) own(address.address, node);
  }
  const seen = new Set<string>();
  const out: string[] = [];
  for (const value of values) {
    const ip = canonicalIP(value);
    const keys = ip ? nearAddresses(ip, addresses) : nearNames(value, [...names.keys()], names.size);
    for (const key of keys) {
      for (const { node, shown } of (ip ? addresses : names).get(key) ?? []) {
        if (seen.has(node.name)) continue;
        seen.add(node.name);
        out.push(shown === node.name ? node.name : `${node.name} (${shown})`);
      }
    }
  }
  return out.slice(0, max);
}
