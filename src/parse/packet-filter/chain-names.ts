// What a chain's name says: per-service chains, the group a chain's counts are kept under, the agent that owns it,
// and the table a rule most likely belongs to when an excerpt does not say. Pure.

/** KUBE-SVC-*, KUBE-SEP-*, KUBE-SVL-*, KUBE-EXT-*, KUBE-FW-*, KUBE-XLB-*: chains only iptables mode writes. */
export function isPerServiceChain(name: string): boolean {
  if (name.length < 12 || !name.startsWith('KUBE-')) return false;
  return (
    name.startsWith('SEP-', 5) ||
    name.startsWith('SVC-', 5) ||
    name.startsWith('EXT-', 5) ||
    name.startsWith('SVL-', 5) ||
    name.startsWith('FW-', 5) ||
    name.startsWith('XLB-', 5)
  );
}

/** Groups chains that exist once per service, endpoint or workload, so counts stay readable and bounded. */
export function chainGroup(chain: string): string {
  if (isPerServiceChain(chain)) return `${chain.slice(0, chain.indexOf('-', 5))}-*`;
  const kube = /^(KUBE-(?:SVC|SEP|SVL|EXT|FW|XLB))-[A-Z0-9]{16}$/.exec(chain);
  if (kube) return `${kube[1]}-*`;
  const cali = /^(cali-(?:fw|tw|pri|pro|pi|po|sm|fh|th)-)./.exec(chain);
  if (cali) return `${cali[1]}*`;
  if (/^KUBE-(?:POD-FW|NWPLCY|SRC|DST)-[A-Z0-9]{16}$/.test(chain)) return `${chain.slice(0, chain.lastIndexOf('-'))}-*`;
  if (/^CNI-[0-9a-f]{24}$/.test(chain)) return 'CNI-*';
  if (/^CNI-(?:DN|SN|HOSTPORT-)/.test(chain) && /-[0-9a-f]{20,}$/.test(chain)) {
    return `${chain.slice(0, chain.lastIndexOf('-'))}-*`;
  }
  // nft kube-proxy: service-HASH-ns/name/proto/port, endpoint-HASH-..., external-HASH-...
  const nft = /^(service|endpoint|external|firewall)-[A-Z0-9]{8}-/.exec(chain);
  if (nft) return `${nft[1]}-*`;
  return chain;
}

/** The CNI or agent that owns a chain, judged by its name. */
export function agentOfChain(chain: string): string | undefined {
  if (chain.startsWith('KUBE-')) {
    return /^KUBE-(?:ROUTER|POD-FW|NWPLCY|SRC|DST)-/.test(chain) ? 'kube-router' : 'kube-proxy';
  }
  if (chain.startsWith('cali-')) return 'calico';
  if (chain.startsWith('CILIUM_') || chain.startsWith('OLD_CILIUM_')) return 'cilium';
  if (chain.startsWith('FLANNEL')) return 'flannel';
  if (chain.startsWith('WEAVE')) return 'weave';
  if (chain.startsWith('KIND-MASQ-AGENT')) return 'kindnet';
  if (chain.startsWith('ANTREA-')) return 'antrea';
  if (chain.startsWith('IP-MASQ')) return 'ip-masq-agent';
  if (chain === 'DOCKER' || chain.startsWith('DOCKER-')) return 'docker';
  if (chain.startsWith('CNI-')) return 'cni-plugins';
  return undefined;
}
/** The table a rule most likely belongs to when the input does not say (an excerpt without `*nat`). */
export function guessTable(chain: string, target: string): string {
  if (/^(?:PREROUTING|POSTROUTING)$/.test(chain)) return 'nat';
  if (/^KUBE-(?:POSTROUTING|MARK-MASQ|SVC-|SEP-|SVL-|EXT-|XLB-|FW-|NODEPORTS$|NODE-PORT$|LOAD-BALANCER$)/.test(chain)) {
    return 'nat';
  }
  if (/^(?:INPUT|FORWARD|KUBE-FORWARD|KUBE-FIREWALL|KUBE-EXTERNAL-SERVICES|KUBE-PROXY-FIREWALL)$/.test(chain)) {
    return 'filter';
  }
  if (chain === 'KUBE-SERVICES') return target === 'REJECT' || target === 'DROP' ? 'filter' : 'nat';
  if (/^(?:MASQUERADE|SNAT|DNAT|REDIRECT)$/.test(target)) return 'nat';
  if (/^(?:REJECT|DROP|ACCEPT)$/.test(target)) return 'filter';
  return 'unknown';
}
