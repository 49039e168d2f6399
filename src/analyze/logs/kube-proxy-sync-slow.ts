// Draws `kube-proxy.sync-slow`: kube-proxy's rule syncs succeed, but take seconds (Service changes lag behind).
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { kubeProxyLogs } from '../readings/kube-proxy-events.js';

/** A sync this long delays every endpoint change by as much; iptables-restore of a huge ruleset does this. */
const WARN_SECONDS = 10;
const INFO_SECONDS = 3;

/** kube-proxy.sync-slow: the longest sync a kube-proxy log states. */
export function analyzeKubeProxySyncSlow(report: Report): Finding[] {
  let max = 0;
  let count = 0;
  let line: string | undefined;
  for (const log of kubeProxyLogs(report)) {
    count += log.syncs.count;
    if (log.syncs.maxSeconds > max) {
      max = log.syncs.maxSeconds;
      line = log.syncs.line;
    }
  }
  if (max < INFO_SECONDS) return [];
  const warn = max >= WARN_SECONDS;
  return [
    {
      id: 'kube-proxy.sync-slow',
      severity: warn ? 'warning' : 'info',
      title: `kube-proxy's rule sync takes ${max.toFixed(1)} s: Service and endpoint changes reach this node that late`,
      evidence: [`kube-proxy log: longest of ${count} timed sync${count === 1 ? '' : 's'}: ${line ?? ''}`],
      fix: 'Large iptables rulesets sync slowly (every sync rewrites them): move to IPVS or nftables mode, raise `iptables.minSyncPeriod` to batch changes, remove stale Services; check for CPU starvation of kube-proxy and for another process holding the xtables lock.',
    },
  ];
}
