import { describe, expect, it } from 'vitest';
import { findings, ids } from '../findings-of.js';

describe('CNI log findings', () => {
  // https://github.com/kubesphere/kubekey/issues/1572 (2022-10-31)
  it('mtu.mismatch (warning) from felix failing to set the VXLAN MTU', () => {
    const text = [
      '2022-10-31 11:09:33.408 [INFO][57] felix/vxlan_mgr.go 679: VXLAN device MTU needs to be updated device="vxlan.calico" ipVersion=0x4 new=1500 old=1450',
      '2022-10-31 11:09:33.408 [WARNING][57] felix/vxlan_mgr.go 681: Failed to set vxlan tunnel device MTU error=invalid argument ipVersion=0x4',
    ].join('\n');
    const f = findings(text);
    expect(f.map((x) => `${x.id}:${x.severity}`)).toEqual(['mtu.mismatch:warning']);
    expect(f[0]!.evidence[0]).toContain('Failed to set vxlan tunnel device MTU');
  });

  // https://github.com/cilium/cilium/issues/14829 (2021-02-01)
  it('mtu.mismatch when Cilium inherits the MTU from an interface without the node IP', () => {
    const text = [
      'level=info msg="Inheriting MTU from external network interface" device=ens4 ipAddr=10.128.0.8 mtu=1460 subsys=mtu',
      'level=info msg="Received own node information from API server" ipAddr.ipv4=10.200.0.5 ipAddr.ipv6="<nil>" k8sNodeIP=10.200.0.5 nodeName=abm-cp3 subsys=k8s',
    ].join('\n');
    const f = findings(text).find((x) => x.id === 'mtu.mismatch')!;
    expect(f.severity).toBe('warning');
    expect(f.evidence[0]).toMatch(/^MTU 1460 taken from ens4 \(10\.128\.0\.8\), but the node IP is 10\.200\.0\.5/);
  });

  it('no mtu.mismatch when the MTU comes from the node IP interface (synthetic, same format)', () => {
    const text = [
      'level=info msg="Inheriting MTU from external network interface" device=ens4 ipAddr=10.200.0.5 mtu=1460 subsys=mtu',
      'level=info msg="Received own node information from API server" k8sNodeIP=10.200.0.5 nodeName=n1 subsys=k8s',
    ].join('\n');
    expect(ids(text)).toEqual([]);
  });

  // https://github.com/cilium/cilium/pull/16874 (2021-07-15)
  it('no finding for the datapath loader shell trace', () => {
    expect(
      ids(
        '2021-07-15T08:46:49.775530169Z level=warning msg="4: cilium_vxlan: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000" subsys=datapath-loader',
      ),
    ).toEqual([]);
  });

  // https://github.com/weaveworks/weave/issues/3609 (2019-03-06): PMTU discovery at info level.
  it('no finding for weave PMTU discovery at info level', () => {
    expect(
      ids(
        'INFO: 2019/03/06 03:09:00.663144 EMSGSIZE on send, expecting PMTU update (IP packet was 60028 bytes, payload was 60020 bytes)',
      ),
    ).toEqual([]);
  });

  // https://github.com/weaveworks/weave/issues/2137 (2016-04-07): one error is info; repeated errors are a warning.
  it('cni.errors: info for one error, warning when repeated', () => {
    const one =
      'ERRO: 2016/04/06 20:53:30.103533 ->[10.8.210.220:6783|4a:33:b4:e3:b4:9c(ip-10-8-210-220.2335750)]: connection shutting down due to error: Multiple connections to 4a:33:b4:e3:b4:9c(ip-10-8-210-220.2335750) added to 86:82:94:67:42:b7(ip-10-8-199-245.2335750)';
    expect(ids(one)).toEqual(['cni.errors:info']);
    // Synthetic: the same error three times, from other peers.
    const three = [one, one.replace('10.8.210.220', '10.8.210.221'), one.replace('10.8.210.220', '10.8.210.222')].join(
      '\n',
    );
    const f = findings(three).find((x) => x.id === 'cni.errors')!;
    expect(f.severity).toBe('warning');
    expect(f.evidence[1]).toMatch(/^3x /);
  });

  // https://github.com/flannel-io/flannel/issues/396 (2016-01-17): healthy lease events.
  it('no finding for healthy flannel lease events', () => {
    expect(
      ids(
        'Jan 17 00:14:51 nmv-in-kube-minion-4.test.org flanneld[14812]: I0117 00:14:51.540895 14812 udp.go:247] Subnet added: 172.17.101.0/24',
      ),
    ).toEqual([]);
  });
});
