import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import { itemsOf } from '../../../../src/parse/items-of.js';
import { type CniLog, cniLogParser } from '../../../../src/parse/logs/cni-log.js';

function logs(text: string): CniLog[] {
  return itemsOf(diagnoseText(text).report, cniLogParser).map((i) => i.value);
}

function only(text: string): CniLog {
  const all = logs(text);
  expect(all).toHaveLength(1);
  return all[0]!;
}

describe('cni-log parser', () => {
  // https://github.com/kubesphere/kubekey/issues/1572 (2022-10-31): Calico felix, an MTU update failing repeatedly.
  it('reads Calico felix lines, warning classes and MTU complaints', () => {
    const log = only(
      [
        '```shell',
        '2022-10-31 11:09:24.594 [INFO][57] felix/vxlan_resolver.go 328: VTEP information has not changed, skipping duplicate update node="master01"',
        '2022-10-31 11:09:33.408 [INFO][57] felix/vxlan_mgr.go 679: VXLAN device MTU needs to be updated device="vxlan.calico" ipVersion=0x4 new=1500 old=1450',
        '2022-10-31 11:09:33.408 [WARNING][57] felix/vxlan_mgr.go 681: Failed to set vxlan tunnel device MTU error=invalid argument ipVersion=0x4',
        '2022-10-31 11:09:43.410 [INFO][57] felix/vxlan_mgr.go 679: VXLAN device MTU needs to be updated device="vxlan.calico" ipVersion=0x4 new=1500 old=1450',
        '2022-10-31 11:09:43.410 [WARNING][57] felix/vxlan_mgr.go 681: Failed to set vxlan tunnel device MTU error=invalid argument ipVersion=0x4',
        '```',
      ].join('\n'),
    );
    expect(log.cnis).toEqual(['calico']);
    expect(log.records).toBe(5);
    expect(log.warnings).toBe(2);
    expect(log.classes).toHaveLength(1);
    expect(log.classes[0]).toMatchObject({ level: 'warning', count: 2, first: '2022-10-31 11:09:33.408' });
    expect(log.mtu.filter((m) => m.kind === 'problem')).toHaveLength(2);
  });

  // https://github.com/cilium/cilium/issues/14829 (2021-02-01): logrus lines, the MTU source and the node IP.
  it('reads Cilium logfmt lines, the inherited MTU and the node IP', () => {
    const log = only(
      [
        'level=info msg="Connected to apiserver" subsys=k8s',
        'level=info msg="Inheriting MTU from external network interface" device=ens4 ipAddr=10.128.0.8 mtu=1460 subsys=mtu',
        '...',
        'level=info msg="Received own node information from API server" ipAddr.ipv4=10.200.0.5 ipAddr.ipv6="<nil>" k8sNodeIP=10.200.0.5 nodeName=abm-cp3 subsys=k8s v4Prefix=192.168.2.0/24 v6Prefix="<nil>"',
      ].join('\n'),
    );
    expect(log.cnis).toEqual(['cilium']);
    expect(log.mtu).toEqual([
      expect.objectContaining({ kind: 'detected', value: 1460, device: 'ens4', ip: '10.128.0.8' }),
    ]);
    expect(log.nodeIps).toEqual(['10.200.0.5']);
  });

  // https://github.com/cilium/cilium/pull/16874 (2021-07-15): the datapath loader's shell trace at warning level.
  it('does not take the datapath loader shell trace for warnings', () => {
    const log = only(
      [
        '2021-07-15T08:46:49.775523869Z level=warning msg="+ ENCAP_DEV=cilium_vxlan" subsys=datapath-loader',
        '2021-07-15T08:46:49.775530169Z level=warning msg="4: cilium_vxlan: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000" subsys=datapath-loader',
        '2021-07-15T08:46:49.775536870Z level=warning msg="+ ip link set cilium_vxlan mtu 1500" subsys=datapath-loader',
      ].join('\n'),
    );
    expect(log.warnings).toBe(0);
    expect(log.mtu.filter((m) => m.kind === 'problem')).toEqual([]);
  });

  // https://github.com/flannel-io/flannel/issues/396 (2016-01-17): flanneld klog behind journald prefixes.
  it('reads flanneld journald lines', () => {
    const log = only(
      [
        'Jan 17 00:14:51 nmv-in-kube-minion-4.test.org flanneld[14812]: I0117 00:14:51.540895 14812 udp.go:247] Subnet added: 172.17.101.0/24',
        'Jan 17 00:14:52 nmv-in-kube-minion-4.test.org flanneld[14812]: I0117 00:14:52.260944 14812 udp.go:247] Subnet added: 172.17.47.0/24',
        'Jan 17 16:50:22 nmv-in-kube-minion-4.test.org flanneld[14812]: I0117 16:50:22.066474 14812',
      ].join('\n'),
    );
    expect(log.cnis).toEqual(['flannel']);
    expect(log.records).toBe(2);
    expect(log.errors + log.warnings).toBe(0);
  });

  // https://github.com/weaveworks/weave/issues/2137 (2016-04-07) and https://github.com/weaveworks/weave/issues/3609
  // (2019-03-06, quoted with Slack-style `-&gt;`): weave router lines.
  it('reads weave lines; EMSGSIZE at info level is path MTU discovery, not a problem', () => {
    const log = only(
      [
        'ERRO: 2016/04/06 20:53:30.103533 ->[10.8.210.220:6783|4a:33:b4:e3:b4:9c(ip-10-8-210-220.2335750)]: connection shutting down due to error: Multiple connections to 4a:33:b4:e3:b4:9c(ip-10-8-210-220.2335750) added to 86:82:94:67:42:b7(ip-10-8-199-245.2335750)',
        'INFO: 2019/03/06 03:09:00.663144 EMSGSIZE on send, expecting PMTU update (IP packet was 60028 bytes, payload was 60020 bytes)',
        'INFO: 2019/03/06 03:09:00.663758 sleeve -&gt;[192.168.2.185:6783|82:af:45:b6:6c:28(master.k8s)]: Effective MTU verified at 1438',
      ].join('\n'),
    );
    expect(log.cnis).toEqual(['weave']);
    expect(log.errors).toBe(1);
    expect(log.mtu.map((m) => m.kind)).toEqual(['stated', 'stated']);
  });

  // https://github.com/projectcalico/felix/issues/1447 (2017-05-05): Calico 2.x file names without a component.
  it('reads Calico lines whose file has no component prefix', () => {
    const log = only(
      '2017-05-05 07:29:25.573 [INFO][21384] felix.go 195: Successfully loaded configuration. buildDate="2017-04-10T08:14:23+0000"',
    );
    expect(log.cnis).toEqual(['calico']);
  });

  it('groups repeats of one error by message, whatever their addresses and numbers (synthetic)', () => {
    const sink = cniLogParser.create({});
    for (let i = 0; i < 5000; i++) {
      sink.push(
        `2024-01-01 12:00:${String(i % 60).padStart(2, '0')}.123 [ERROR][61] felix/route_table.go ${100 + (i % 3)}: Failed to add route to 10.244.${i % 200}.0/24 via 10.0.0.${i % 50} error=file exists`,
      );
      sink.push(`2024-01-01 12:00:00.000 [ERROR][61] felix/unique_${i}.go 1: distinct problem ${i}`);
    }
    const { value } = sink.end();
    expect(value.errors).toBe(10_000);
    expect(value.classes.length).toBeLessThanOrEqual(40);
    expect(value.classes[0]!.count).toBe(5000);
    expect(value.otherClasses).toBeGreaterThan(0);
  });

  it('does not claim generic logfmt or klog lines of other programs (synthetic)', () => {
    expect(logs('time="2024-01-01T12:00:00Z" level=info msg="starting containerd" revision=abc version=1.7.0')).toEqual(
      [],
    );
    expect(logs('I0101 12:00:00.000000       1 main.go:12] "Starting something"')).toEqual([]);
  });
});
