// A trimmed kube-proxy (iptables mode) ruleset for the scenario lab's nodes.
export interface KubeProxyRulesOptions {
  /** MASQUERADE in KUBE-POSTROUTING with `--random-fully`, as kube-proxy writes it when iptables supports it. */
  randomFully: boolean;
  /** A Service without endpoints: kube-proxy's REJECT rule in the filter table's KUBE-SERVICES. */
  noEndpoints?: { clusterIp: string; port: number; service: string };
}

/** A trimmed kube-proxy (iptables mode) ruleset, as iptables-restore input, for lab nodes. */
export function kubeProxyRules(opts: KubeProxyRulesOptions): string {
  const reject = opts.noEndpoints;
  return [
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':POSTROUTING ACCEPT [0:0]',
    ':KUBE-SERVICES - [0:0]',
    ':KUBE-POSTROUTING - [0:0]',
    ':KUBE-MARK-MASQ - [0:0]',
    '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
    '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
    '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
    '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0',
    `-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE${opts.randomFully ? ' --random-fully' : ''}`,
    'COMMIT',
    '*filter',
    ':INPUT ACCEPT [0:0]',
    ':FORWARD ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':KUBE-SERVICES - [0:0]',
    '-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    ...(reject
      ? [
          `-A KUBE-SERVICES -d ${reject.clusterIp}/32 -p tcp -m comment --comment "${reject.service} has no endpoints" -m tcp --dport ${reject.port} -j REJECT --reject-with icmp-port-unreachable`,
        ]
      : []),
    'COMMIT',
    '',
  ].join('\n');
}
