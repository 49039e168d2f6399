// Draws the kube-proxy errors its log shows (read-only hashsize, failed conntrack clean-up, sync or start, no
// br_netfilter): warnings, since kube-proxy retries.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { describeEvent, kubeProxyProblem } from '../readings/kube-proxy-events.js';

/**
 * kube-proxy errors read from its log. A log excerpt shows a failure at one moment, so they are warnings: kube-proxy
 * retries, and the log alone does not show how much traffic is broken right now.
 */
export function analyzeKubeProxyProblems(report: Report): Finding[] {
  const findings: Finding[] = [];
  const hashsize = kubeProxyProblem(report, 'hashsize');
  if (hashsize) {
    findings.push({
      id: 'kube-proxy.hashsize-readonly',
      severity: 'warning',
      title: 'kube-proxy cannot write the conntrack sizing (read-only /sys or /proc in its container)',
      evidence: describeEvent('conntrack hashsize/sysctl write failed', hashsize),
      fix:
        'Let the host size conntrack: set `conntrack.maxPerCore: 0` (and `conntrack.min: 0`) in the KubeProxyConfiguration ' +
        '(flag `--conntrack-max-per-core=0`), then set `net.netfilter.nf_conntrack_max` and ' +
        '/sys/module/nf_conntrack/parameters/hashsize on the host (LXD, kind, Docker-in-Docker nodes cannot do it from inside).',
    });
  }
  const cleanup = kubeProxyProblem(report, 'cleanup');
  if (cleanup) {
    const binary = cleanup.examples.some((e) => /executable file not found|looking for path of conntrack/i.test(e));
    findings.push({
      id: 'kube-proxy.conntrack-cleanup-failed',
      severity: 'warning',
      title: 'kube-proxy cannot delete stale conntrack entries: UDP clients keep talking to removed endpoints',
      evidence: describeEvent('conntrack cleanup failed', cleanup),
      fix: binary
        ? 'Install the `conntrack` binary in the kube-proxy image/host (conntrack-tools; kube-proxy < 1.32 execs it), or ' +
          'upgrade to kube-proxy 1.32+ which uses netlink; meanwhile clear stale UDP entries by hand: ' +
          '`conntrack -D -p udp --orig-dst <clusterIP>`.'
        : 'Load `nf_conntrack_netlink` (`modprobe nf_conntrack_netlink`), make sure kube-proxy runs privileged in the host ' +
          'network namespace, and upgrade kube-proxy; clear stale UDP entries with `conntrack -D -p udp --orig-dst <clusterIP>`.',
    });
  }
  const sync = kubeProxyProblem(report, 'sync');
  if (sync) {
    const nft = sync.examples.some((e) => /nft|nftables|\/dev\/stdin/.test(e));
    findings.push({
      id: 'kube-proxy.sync-failed',
      severity: 'warning',
      title: 'kube-proxy fails to program Service rules (rule sync errors)',
      evidence: describeEvent(nft ? 'nftables sync failed' : 'iptables/ipvs rule sync failed', sync),
      fix: nft
        ? "The nft binary or kernel rejects kube-proxy's rules: check the kernel has the nft modules it needs (nf_tables, " +
          'nft_fib, nft_ct, nft_nat; `lsmod | grep nft`), use an nft version kube-proxy supports (>= 1.0.1), and read the ' +
          'failing rule in the error.'
        : 'Read the rejected option/line in the error: match the host iptables (legacy vs nft backend, `iptables -V`) to ' +
          "kube-proxy's, load the kernel modules it needs (xt_* matches, ip6tables for IPv6), and check for other tools " +
          'holding the xtables lock or editing KUBE-* chains.',
    });
  }
  const br = kubeProxyProblem(report, 'brNetfilter');
  if (br) {
    findings.push({
      id: 'kube-proxy.br-netfilter-missing',
      severity: 'warning',
      title: 'br_netfilter is not loaded or bridge-nf-call-iptables is off: bridged pod traffic skips Service NAT',
      evidence: describeEvent('missing br-netfilter', br),
      fix:
        '`modprobe br_netfilter && sysctl -w net.bridge.bridge-nf-call-iptables=1 net.bridge.bridge-nf-call-ip6tables=1`; ' +
        'persist with `br_netfilter` in /etc/modules-load.d/ and the sysctls in /etc/sysctl.d/.',
    });
  }
  const start = kubeProxyProblem(report, 'start');
  if (start && !hashsize) {
    findings.push({
      id: 'kube-proxy.start-failed',
      severity: 'warning',
      title: 'kube-proxy exits at start-up: Services on this node are not (re)programmed',
      evidence: describeEvent('kube-proxy failed to start', start),
      fix: 'Read the `err=` of "Error running ProxyServer"; `kubectl -n kube-system logs <kube-proxy pod> --previous` shows the crash of the last run.',
    });
  }
  return findings;
}
