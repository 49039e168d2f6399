// Draws the pod-network problems kubelet logs: CNI plugin binary missing, sandbox network set-up failing, the pod
// range exhausted, the CNI never ready, kubelet's own iptables chains failing, PLEG unhealthy.
import type { Finding } from '../../domain/finding.js';
import type { Report } from '../../domain/report.js';
import { itemsOf } from '../../parse/items-of.js';
import { type KubeletEvent, type KubeletProblem, kubeletLogParser } from '../../parse/logs/kubelet-log.js';

/** "cni config uninitialized" for a minute or more (or this often) is a CNI that never came up, not a start-up. */
const NOT_READY_SPAN_SECONDS = 60;
const NOT_READY_COUNT = 5;

function problem(report: Report, name: KubeletProblem): KubeletEvent | undefined {
  let total: KubeletEvent | undefined;
  for (const { value } of itemsOf(report, kubeletLogParser)) {
    const ev = value.problems[name];
    if (!ev) continue;
    if (!total) total = { ...ev, examples: [...ev.examples] };
    else {
      total.count += ev.count;
      total.last = ev.last ?? total.last;
      total.spanSeconds = Math.max(total.spanSeconds ?? 0, ev.spanSeconds ?? 0);
      for (const e of ev.examples) if (total.examples.length < 3) total.examples.push(e);
    }
  }
  return total;
}

function describe(what: string, ev: KubeletEvent): string[] {
  let head = `kubelet log: ${what}: ${ev.count} record${ev.count === 1 ? '' : 's'}`;
  if (ev.first !== undefined && ev.last !== undefined && ev.first !== ev.last) {
    head += ` (first at ${ev.first}, last at ${ev.last})`;
  }
  return [head, ...ev.examples.slice(0, 2).map((e) => `e.g. ${e}`)];
}

/** The problems whose finding is a warning with fixed words: id, what the evidence names, title and fix. */
const PLAIN: Partial<Record<KubeletProblem, { id: string; what: string; title: string; fix: string }>> = {
  ipamExhausted: {
    id: 'cni.ipam-exhausted',
    what: 'no IP addresses available',
    title: "The node's pod address range is used up: new pods cannot get an IP",
    fix: 'host-local IPAM keeps one file per address in /var/lib/cni/networks/<network>/: remove the files of containers that no longer exist (leaked by failed teardowns; `crictl pods -q` lists the live ones) or drain the node and clear the directory; a node with more pods than its podCIDR holds needs a larger range (`--node-cidr-mask-size`) or fewer `maxPods`.',
  },
  podNetwork: {
    id: 'kubelet.pod-network-setup-failed',
    what: 'failed to set up pod network',
    title: 'Pod sandboxes fail to get their network (CNI ADD fails): new pods stay in ContainerCreating',
    fix: 'Read the CNI error after "network:" in the message: the CNI agent pod on this node (running? ready?), its config in /etc/cni/net.d (one file, the expected one), its datastore/API access and IPAM; then `kubectl delete pod` the stuck pods.',
  },
  iptables: {
    id: 'kubelet.iptables-failed',
    what: 'failed to ensure chain/rule',
    title:
      'kubelet cannot create its iptables chains (KUBE-MARK-DROP/KUBE-FIREWALL...): the iptables binary or backend is broken',
    fix: 'Run the failing command by hand (`iptables -t nat -N KUBE-MARK-DROP`): install iptables where kubelet runs (it execs it), make sure kubelet and kube-proxy use the same backend as the host (`iptables -V`: nf_tables or legacy), and look for another process holding the xtables lock or the fork limit being hit.',
  },
  pleg: {
    id: 'kubelet.pleg-unhealthy',
    what: 'PLEG is not healthy',
    title: 'PLEG is not healthy: the container runtime answers too slowly and the node flips NotReady',
    fix: 'Check the runtime (`crictl ps` time, containerd/dockerd logs), stuck CNI DEL calls of terminating pods, disk I/O and the number of pods and dead containers on the node; restarting the runtime clears a hung one.',
  },
};

function plainFinding(name: KubeletProblem, ev: KubeletEvent): Finding {
  const plain = PLAIN[name]!;
  return { id: plain.id, severity: 'warning', title: plain.title, evidence: describe(plain.what, ev), fix: plain.fix };
}

/** kubelet.* findings from kubelet's (or k3s's) log. */
export function analyzeKubeletProblems(report: Report): Finding[] {
  if (itemsOf(report, kubeletLogParser).length === 0) return [];
  const findings: Finding[] = [];
  const missing = problem(report, 'cniPluginMissing');
  if (missing) {
    const plugin = /failed to find plugin \\*"([^"\\]+)/.exec(missing.examples.join(' '))?.[1];
    findings.push({
      id: 'kubelet.cni-plugin-missing',
      severity: 'warning',
      title: `The CNI plugin binary${plugin ? ` "${plugin}"` : ''} is missing: pods on this node get no network`,
      evidence: describe('failed to find plugin', missing),
      fix:
        `Install the binary the CNI config names into the runtime's CNI bin dir (\`ls /opt/cni/bin\`; k3s: /var/lib/rancher/k3s/data/current/bin): ` +
        "the containernetworking plugins package (`bridge`, `loopback`, `portmap`, `host-local`) or the CNI DaemonSet that ships it; check that containerd's `bin_dir` / CRI-O's `plugin_dirs` point where it is.",
      docs: 'https://github.com/containernetworking/plugins/releases',
    });
  }
  const ipam = problem(report, 'ipamExhausted');
  if (ipam) findings.push(plainFinding('ipamExhausted', ipam));
  const setup = problem(report, 'podNetwork');
  if (setup) findings.push(plainFinding('podNetwork', setup));
  const notReady = problem(report, 'cniNotReady');
  if (notReady) {
    const lasting =
      (notReady.spanSeconds ?? 0) >= NOT_READY_SPAN_SECONDS || notReady.count >= NOT_READY_COUNT || setup !== undefined;
    findings.push({
      id: 'kubelet.cni-not-ready',
      severity: lasting ? 'warning' : 'info',
      title: lasting
        ? 'The container runtime reports no CNI network config: the node stays NotReady and pods get no network'
        : 'kubelet waited for the CNI config (normal for a few seconds while the CNI pod starts)',
      evidence: describe('cni config uninitialized / network plugin not ready', notReady),
      fix: 'Install the pod network (CNI) add-on, or see why its pod on this node does not write /etc/cni/net.d (`kubectl -n kube-system get pods -o wide`, its logs); the config must be where the runtime looks (containerd `conf_dir`).',
    });
  }
  const ipt = problem(report, 'iptables');
  if (ipt) findings.push(plainFinding('iptables', ipt));
  const pleg = problem(report, 'pleg');
  if (pleg) findings.push(plainFinding('pleg', pleg));
  return findings;
}
