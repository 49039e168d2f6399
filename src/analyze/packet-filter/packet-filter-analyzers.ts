import type { Analyzer } from './analyzer.js';
import { analyzeBackendMixed } from './iptables/backend-mixed.js';
import { analyzeCustomKubeRules } from './iptables/custom-kube-rule.js';
import { analyzeMasqueradeRandom } from './iptables/masquerade-not-random.js';
import { analyzeRuleCount } from './iptables/rule-count-high.js';
import { analyzeKubeProxyMode } from './kube-proxy-mode/kube-proxy-mode.js';
import { analyzeNoEndpoints } from './service/no-endpoints.js';

/** Analyzers drawing packet-filter findings. */
export const PACKET_FILTER_ANALYZERS: Analyzer[] = [
  analyzeKubeProxyMode,
  analyzeRuleCount,
  analyzeMasqueradeRandom,
  analyzeCustomKubeRules,
  analyzeBackendMixed,
  analyzeNoEndpoints,
];
