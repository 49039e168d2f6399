// The kinds of output netcheck reads; their names are public (`detected` in the JSON output).
/** What a block of text is the output of. Names are public: they appear in `--json` output as `detected`. */
export const KINDS = [
  'host-info',
  'netns-check',
  'conntrack-count',
  'sysctl',
  'conntrack-stats',
  'conntrack-stat-hex',
  'conntrack-list',
  'conntrack-breakdown',
  'kernel-log',
  'iptables-save',
  'iptables-list',
  'iptables-count',
  'nft-ruleset',
  'ipvsadm',
  'kube-proxy-mode',
  'ss-summary',
  'sockstat',
  'resolv-conf',
  'dns-timing',
  'coredns-log',
  'dns-tcpdump',
  'resolver-strace',
  'ip-link',
  'ifconfig',
  'ip-route',
  'ip-monitor',
  'kube-proxy-log',
  'kubelet-log',
  'cni-log',
  'node-metrics',
  'agent-metrics',
  'netstat-stats',
  'softnet-stat',
  'net-dev',
  'cilium-status',
  'cilium-ct-list',
  'cilium-metrics',
  'cilium-monitor',
  'hubble-flows',
] as const;

export type KindId = (typeof KINDS)[number];

export function isKindId(value: string): value is KindId {
  return (KINDS as readonly string[]).includes(value);
}
