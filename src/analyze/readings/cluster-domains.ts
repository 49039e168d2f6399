// A resolv.conf search list split into the Kubernetes cluster domains and the rest (the DNS analyzers' reading).
/** The search list of a resolv.conf split into Kubernetes cluster domains and the rest. */
export interface SearchSplit {
  /** Cluster domains seen (`cluster.local`, or a custom one such as `k8s.example.net`). */
  clusterDomains: string[];
  cluster: string[];
  other: string[];
}

/**
 * Kubelet writes `<namespace>.svc.<domain> svc.<domain> <domain>` for ClusterFirst pods; the cluster domain is what
 * follows `svc.`. Trailing dots are ignored.
 */
export function splitSearch(search: readonly string[]): SearchSplit {
  const names = search.map((s) => s.replace(/\.$/, '').toLowerCase());
  const clusterDomains = new Set<string>();
  for (const name of names) {
    const m = /^(?:[a-z0-9-]+\.)?svc\.(.+)$/.exec(name);
    if (m) clusterDomains.add(m[1]!);
  }
  const isCluster = (name: string): boolean =>
    [...clusterDomains].some(
      (d) => name === d || name === `svc.${d}` || new RegExp(`^[a-z0-9-]+\\.svc\\.${escapeRegExp(d)}$`).test(name),
    );
  return {
    clusterDomains: [...clusterDomains],
    cluster: names.filter(isCluster),
    other: names.filter((n) => !isCluster(n)),
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
