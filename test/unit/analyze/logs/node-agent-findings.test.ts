import { describe, expect, it } from 'vitest';
import { finding, ids } from '../findings-of.js';

describe('kubelet, kube-proxy sync and CNI dataplane findings', () => {
  // https://github.com/flannel-io/flannel/issues/1432 (2021-04-30)
  it('kubelet.cni-plugin-missing names the plugin; a second of "cni config uninitialized" is only info', () => {
    const text = [
      'Apr 30 21:19:38 z00419767-bcs-0001 kubelet[32535]: : [failed to find plugin "flannel" in path [/opt/cni/bin] failed to find plugin "portmap" in path [/opt/cni/bin]]',
      'Apr 30 21:19:38 z00419767-bcs-0001 kubelet[32535]: W0430 21:19:38.507284   32535 cni.go:239] Unable to update cni config: no valid networks found in /etc/cni/net.d',
      'Apr 30 21:19:39 z00419767-bcs-0001 kubelet[32535]: E0430 21:19:39.163656   32535 pod_workers.go:191] Error syncing pod c13d6c83-e611-4a28-a2cd-f07a43c641e0 ("coredns-f9fd979d6-6v2kf_kube-system(c13d6c83-e611-4a28-a2cd-f07a43c641e0)"), skipping: network is not ready: runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:docker: network plugin is not ready: cni config uninitialized',
    ].join('\n');
    expect(ids(text)).toEqual(['kubelet.cni-plugin-missing:warning', 'kubelet.cni-not-ready:info']);
    expect(finding(text, 'kubelet.cni-plugin-missing')!.title).toContain('"flannel"');
  });

  // https://github.com/kubernetes/kubernetes/issues/61117 (2018-03-13)
  it('kubelet.pleg-unhealthy (warning) with the count and the first and last time', () => {
    const text = [
      'Mar 13 16:02:43 vk-prod4-node-v18-w3fz kubelet[1450]: I0313 16:02:43.934473    1450 kubelet.go:1778] skipping pod synchronization - [PLEG is not healthy: pleg was last seen active 3m5.30015447s ago; threshold is 3m0s]',
      'Mar 13 16:02:48 vk-prod4-node-v18-w3fz kubelet[1450]: I0313 16:02:48.934773    1450 kubelet.go:1778] skipping pod synchronization - [PLEG is not healthy: pleg was last seen active 3m10.30056416s ago; threshold is 3m0s]',
    ].join('\n');
    const f = finding(text, 'kubelet.pleg-unhealthy')!;
    expect(f.severity).toBe('warning');
    expect(f.evidence[0]).toBe(
      'kubelet log: PLEG is not healthy: 2 records (first at 0313 16:02:43, last at 0313 16:02:48)',
    );
  });

  // https://github.com/k3s-io/k3s/issues/4682 (2021-12-08)
  it('cni.ipam-exhausted from a describe event', () => {
    expect(
      ids(
        'Warning  FailedCreatePodSandBox  4m39s                kubelet            Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "d615cc04143d0a1e4be8aa76e4214bc7add843b4e6c4813d6dbfee223e1c29d6": failed to allocate for range 0: no IP addresses available in range set: 10.42.2.1-10.42.2.254',
      ),
    ).toEqual(['cni.ipam-exhausted:warning']);
  });

  // https://github.com/kubernetes/kubernetes/issues/84906 (2019-11-07), https://github.com/kubernetes/kubernetes/issues/53736
  // (2017-10-11, `syncProxyRules(EndpointsUpdate) took 63.9µs`), https://github.com/kubernetes/kubernetes/issues/135639.
  it('kube-proxy.sync-slow: warning at 12 s and 13 min, nothing for microseconds', () => {
    expect(ids('I1104 16:39:51.858951   11581 proxier.go:744] [debug] syncProxyRules took 12.045648906s')).toEqual([
      'kube-proxy.sync-slow:warning',
    ]);
    expect(
      finding(
        'I1129 08:37:39.986065       1 proxier.go:1193] "SyncProxyRules complete" ipFamily="IPv4" elapsed="13m15.34210662s"',
        'kube-proxy.sync-slow',
      )!.title,
    ).toContain('795.3 s');
    expect(
      ids(
        'Oct 11 10:33:57 worker-23.test.ibm.com kube-proxy.service[2058581]: I1011 10:33:57.095307 2058581 proxier.go:832] syncProxyRules(EndpointsUpdate) took 63.9µs',
      ).filter((i) => i.startsWith('kube-proxy.sync-slow')),
    ).toEqual([]);
  });

  // https://github.com/projectcalico/calico/issues/9687 (2025-01-08)
  it('cni.route-failed from felix warnings', () => {
    const text = [
      '2025-01-08 07:25:22.543 [WARNING][223] felix/int_dataplane.go 1840: Failed to synchronize routing table, will retry...',
      '2025-01-08 07:25:22.646 [WARNING][223] felix/route_table.go 690: Failed to add route error=file exists ifaceName="ens29f1" ifaceRegex="^ens29f1$" ipVersion=0x4 tableIndex=0',
    ].join('\n');
    const f = finding(text, 'cni.route-failed')!;
    expect(f.severity).toBe('warning');
    expect(f.evidence[0]).toBe('calico agent log: 2 records (2025-01-08 07:25:22.543 .. 2025-01-08 07:25:22.646)');
  });

  // https://github.com/kubesphere/kubekey/issues/1572 (2022-10-31): an MTU complaint is mtu.mismatch, not a device failure.
  it('no cni.tunnel-device-failed for a VXLAN MTU complaint', () => {
    expect(
      ids(
        '2022-10-31 11:09:33.408 [WARNING][57] felix/vxlan_mgr.go 681: Failed to set vxlan tunnel device MTU error=invalid argument ipVersion=0x4',
      ),
    ).toEqual(['mtu.mismatch:warning']);
  });

  // https://github.com/flannel-io/flannel/issues/688 (2017-04-19)
  it('cni.lease-failed from flannel klog records', () => {
    const text =
      'E0419 17:07:44.681897       1 network.go:102] failed to register network: failed to acquire lease: the server does not allow access to the requested resource (put nodes ubuntu)';
    expect(finding(text, 'cni.lease-failed')!.severity).toBe('warning');
  });

  // https://github.com/projectcalico/felix/issues/1447 (2017-05-05)
  it('cni.dataplane-failed when felix cannot read its iptables tables (source also used by c-ip-monitor-plain-tunl0-flap-felix-1447)', () => {
    const text = [
      '2017-05-05 07:29:26.433 [WARNING][21384] table.go 551: ip6tables-save command failed error=exit status 1 ipVersion=0x6 table="raw"',
      '2017-05-05 07:29:26.433 [WARNING][21384] table.go 551: ip6tables-save command failed error=exit status 1 ipVersion=0x6 table="nat"',
    ].join('\n');
    expect(ids(text)).toContain('cni.dataplane-failed:warning');
  });

  // https://github.com/projectcalico/felix/issues/1629 (2017-11-21): the felix record inside the test harness's line.
  it('cni.dataplane-failed when felix cannot program iptables (iptables-restore missing)', () => {
    const text =
      '2017-11-21 15:44:46.390 [WARNING][7] table.go 771: Failed to program iptables, will retry error=exec: "iptables-restore": executable file not found in $PATH ipVersion=0x4 table="mangle"';
    expect(ids(text)).toEqual(['cni.dataplane-failed:warning']);
  });

  // https://github.com/rancher/rancher/issues/23552 (2019-10-18): kube-proxy's line; kubelet's is read the same way.
  it('iptables.random-fully-unsupported is info from kube-proxy logs', () => {
    expect(
      ids(
        'I1018 23:29:57.250840   13794 proxier.go:798] Not using `--random-fully` in the MASQUERADE rule for iptables because the local version of iptables does not support it',
      ),
    ).toEqual(['iptables.random-fully-unsupported:info']);
  });
});
