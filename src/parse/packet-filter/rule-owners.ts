// What one iptables rule says about who wrote it: its owner by target chain or comment, the NetworkPolicy agent of
// its chain, kube-proxy's IPVS-mode rules, MASQUERADE's author, targets foreign to kube-proxy's own chains, a pod
// network's accept, and its text shortened for evidence.
import { agentOfChain } from './chain-names.js';
import type { RuleFacts } from './iptables-rules.js';

const MAX_RULE_TEXT = 220;

/** A pod network's CIDR or bridge/tunnel interface in an ACCEPT rule (flannel's, kubenet's, a hand-made one). */
export const POD_ACCEPT =
  /\s-[sd] (?!0\.0\.0\.0\/0|::\/0)(?:\d+\.\d+\.\d+\.\d+|[0-9a-f]*:[0-9a-f:]*)\/\d+|\s-[io] (?:cni\d|cbr0|flannel|cali|tunl0|vxlan|weave|kube-bridge|cilium|lxc)|\s(?:cni\d|cbr0|flannel\.\d|kube-bridge|weave)\s|^(?:\d+(?:\.\d+)?[KMGT]?\s+){0,3}ACCEPT\s+all\s+--\s+(?:\S+\s+\S+\s+)?(?!0\.0\.0\.0\/0)\d+\.\d+\.\d+\.\d+\/\d+\s/;

/** Who a filter rule belongs to, by its target chain or comment. */
export function ownerOf(target: string, comment: string | undefined): string | undefined {
  const byChain = agentOfChain(target);
  if (byChain) return byChain;
  if (/^(?:INPUT|FORWARD|OUTPUT)_(?:direct|(?:IN_|OUT_)?ZONES(?:_SOURCE)?)$|^(?:IN|FWDI|FWDO|FWD)_/.test(target))
    return 'firewalld';
  if (target.startsWith('ufw-') || target.startsWith('ufw6-')) return 'ufw';
  if (target.startsWith('f2b-') || target.startsWith('fail2ban')) return 'fail2ban';
  if (target.startsWith('LIBVIRT_')) return 'libvirt';
  if (comment && /kube|flannel|calico|cali:|cilium|weave|antrea|kube-router/i.test(comment)) return 'kubernetes';
  return undefined;
}

/** The agent whose NetworkPolicy chain this is (policy, profile and per-pod firewall chains), or undefined. */
export function policyChainAgent(chain: string): string | undefined {
  if (/^cali-(?:pi|po|tw|fw|pri|pro)-/.test(chain)) return 'calico';
  if (/^KUBE-(?:POD-FW|NWPLCY)-/.test(chain)) return 'kube-router';
  if (chain.startsWith('WEAVE-NPC')) return 'weave';
  if (/^ANTREA-(?:POL|INGRESS|EGRESS)/.test(chain)) return 'antrea';
  return undefined;
}

export const NO_ENDPOINTS = /^\s*(.*?)\s*has no (local )?endpoints/;
/** A rule that only kube-proxy's IPVS mode writes. */
export function isIpvsModeRule(rule: RuleFacts): boolean {
  const { chain, text } = rule;
  if (chain === 'KUBE-LOAD-BALANCER' || chain === 'KUBE-NODE-PORT' || chain === 'KUBE-IPVS-FILTER') return true;
  return text.includes('KUBE-CLUSTER-IP') || text.includes('KUBE-LOOP-BACK') || text.includes('KUBE-IPVS-IPS');
}

/** Who wrote a MASQUERADE rule: its owner, chain or comment. */
export function masqueradeOwner(rule: RuleFacts): string {
  if (rule.owner) return rule.owner;
  const { chain, comment = '', text } = rule;
  if (chain === 'KUBE-POSTROUTING' || comment.includes('kubernetes service traffic requiring SNAT'))
    return 'kube-proxy';
  const agent = agentOfChain(chain);
  if (agent && agent !== 'kube-proxy') return agent;
  if (/flanneld? masq/i.test(comment)) return 'flannel';
  if (comment.startsWith('kubelet:') || comment.includes('SNAT outbound cluster traffic')) return 'kubenet';
  if (comment.includes('ip-masq-agent')) return 'ip-masq-agent';
  if (/!\s*-o\s+docker0\b|oifname\s*!=\s*"docker0"/.test(text)) return 'docker';
  return 'other';
}

/** Targets each kube-proxy chain may jump to (iptables and IPVS modes, all versions); `*` = any KUBE-* chain. */
const KUBE_CHAIN_TARGETS: [RegExp, string[]][] = [
  [/^KUBE-POSTROUTING$/, ['RETURN', 'MARK', 'MASQUERADE', 'ACCEPT']],
  [/^KUBE-MARK-(?:MASQ|DROP)$/, ['MARK']],
  [/^KUBE-SEP-/, ['KUBE-MARK-MASQ', 'DNAT']],
  [/^KUBE-(?:SVC|SVL)-/, ['KUBE-SEP-*', 'KUBE-MARK-MASQ']],
  [/^KUBE-(?:FW|XLB|EXT)-/, ['KUBE-*', 'DROP', 'RETURN']],
  [/^KUBE-(?:SERVICES|NODEPORTS|NODE-PORT|LOAD-BALANCER)$/, ['KUBE-*', 'RETURN', 'ACCEPT', 'REJECT', 'DROP']],
  [
    /^KUBE-(?:EXTERNAL-SERVICES|PROXY-FIREWALL|IPVS-FILTER|IPVS-OUT-FILTER|SOURCE-RANGES-FIREWALL)$/,
    ['REJECT', 'DROP', 'RETURN', 'ACCEPT', 'KUBE-*'],
  ],
  [/^KUBE-FORWARD$/, ['ACCEPT', 'DROP']],
];

/** A target kube-proxy never jumps to from this chain of its own: someone else edited it. */
export function isForeignInKubeChain(chain: string, target: string, text: string): boolean {
  if (!chain.startsWith('KUBE-') || target === '') return false;
  const entry = KUBE_CHAIN_TARGETS.find(([re]) => re.test(chain));
  if (!entry) return false;
  const allowed = entry[1];
  if (allowed.includes(target)) return false;
  if (allowed.includes('KUBE-*') && target.startsWith('KUBE-')) return false;
  if (allowed.includes('KUBE-SEP-*') && target.startsWith('KUBE-SEP-')) return false;
  // Userspace proxy era: KUBE-NODEPORTS-* / KUBE-PORTALS-* redirect to the proxy port.
  if (target === 'REDIRECT' && text.includes('KUBE-PORTALS')) return false;
  return true;
}

/** A rule's text as evidence: trimmed, at most MAX_RULE_TEXT characters. */
export function shorten(text: string): string {
  const t = text.trim();
  return t.length > MAX_RULE_TEXT ? `${t.slice(0, MAX_RULE_TEXT)}...` : t;
}
