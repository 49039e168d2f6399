// The packet-filter family's analyzer list: kube-proxy's mode and rules, iptables backends, masquerading,
// Services without endpoints, host firewall order, FORWARD policy and NetworkPolicy drops.
import type { Analyzer } from '../analyzer.js';
import { analyzeBackendMixed } from './backend-mixed.js';
import { analyzeCustomKubeRules } from './custom-kube-rule.js';
import { analyzeForwardDropPolicy } from './forward-drop-policy.js';
import { analyzeHostFirewallFirst } from './host-firewall-first.js';
import { analyzeKubeProxyMode } from './kube-proxy-mode-finding.js';
import { analyzeMasqueradeRandom } from './masquerade-not-random.js';
import { analyzeNetworkPolicyDrops } from './networkpolicy-drops.js';
import { analyzeNoEndpoints } from './no-endpoints.js';
import { analyzeRuleCount } from './rule-count-high.js';

/** Analyzers drawing packet-filter findings, in the order they run. */
export const PACKET_FILTER_ANALYZERS: readonly Analyzer[] = [
  analyzeKubeProxyMode,
  analyzeRuleCount,
  analyzeMasqueradeRandom,
  analyzeCustomKubeRules,
  analyzeBackendMixed,
  analyzeNoEndpoints,
  analyzeHostFirewallFirst,
  analyzeForwardDropPolicy,
  analyzeNetworkPolicyDrops,
];
