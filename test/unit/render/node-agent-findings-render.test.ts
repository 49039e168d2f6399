// The node-agent and host-firewall findings (kubelet/k3s, kube-proxy sync time, CNI dataplane, rule order, FORWARD
// policy, NetworkPolicy drops) through both renderers: id, title, evidence and fix in the text output and Block Kit.
import { readFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import { expectRenderedEverywhere } from './rendered-everywhere.js';

const fixture = (slug: string) =>
  readFileSync(new URL(`../../fixtures/real/${slug}/input.txt`, import.meta.url), 'utf8');

const inputs: Record<string, string> = {
  'kubelet.cni-plugin-missing': fixture('logs-kubelet-journald-flannel-portmap-plugin-missing-flannel-1432'),
  'kubelet.cni-not-ready': fixture('logs-kubelet-journald-flannel-portmap-plugin-missing-flannel-1432'),
  'kubelet.pod-network-setup-failed': fixture('logs-kubelet-klog-no-letter-flannel-subnet-env-on-calico-coreos-912'),
  'kubelet.iptables-failed': fixture('logs-kubelet-journald-kube-mark-drop-fork-eagain-k8s-88148'),
  'kubelet.pleg-unhealthy': fixture('logs-kubelet-journald-pleg-unhealthy-3m-k8s-61117'),
  'iptables.random-fully-unsupported': fixture('logs-kube-proxy-random-fully-unsupported-repeated-rancher-23552'),
  'kube-proxy.sync-slow': fixture('logs-kube-proxy-ipvs-syncproxyrules-took-12s-k8s-84906'),
  'cni.route-failed': fixture('logs-felix-route-file-exists-sync-dirty-felix-1495'),
  'cni.lease-failed': fixture('logs-flannel-klog-lease-forbidden-rbac-flannel-688'),
  'cni.ipam-exhausted': fixture('logs-kubelet-klog-host-local-range-exhausted-rancher-14504'),
  'iptables.host-firewall-first': fixture('pf-iptables-S-firewalld-reject-before-flannel-accept-kubeadm-139'),
  'iptables.forward-drop-policy': fixture('pf-iptables-vL-forward-policy-drop-kube-only-k8s-108718'),
  'networkpolicy.drops': fixture('pf-iptables-save-c-egress-policy-drop-calico-1129'),
};

describe('node-agent and host-firewall findings in the text and Block Kit renderers', () => {
  for (const [id, text] of Object.entries(inputs)) {
    it(id, () => expectRenderedEverywhere(id, text, 50));
  }
});
