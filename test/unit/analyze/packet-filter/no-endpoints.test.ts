import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import { finding as find } from '../findings-of.js';

describe('service.no-endpoints', () => {
  it('names each Service of iptables "has no endpoints" REJECT rules', () => {
    // https://github.com/projectcalico/calico/issues/2024 (2018-06-04)
    const text = [
      '# iptables-save | grep 31218',
      '-A KUBE-SERVICES -p tcp -m comment --comment "bad-srv:management-port has no endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 31218 -j REJECT --reject-with icmp-port-unreachable',
      '-A KUBE-NODEPORTS -p tcp -m comment --comment "bad-srv:management-port" -m tcp --dport 31218 -j KUBE-MARK-MASQ',
    ].join('\n');
    const f = find(text, 'service.no-endpoints');
    expect(f?.severity).toBe('warning');
    expect(f?.title).toContain('bad-srv:management-port');
    expect(f?.evidence[0]).toContain('bad-srv:management-port (REJECT in KUBE-SERVICES)');
  });

  it('does not fire on a healthy NodePort rendering', () => {
    const text = [
      '# iptables-save | grep 31275',
      '-A KUBE-NODEPORTS -p tcp -m comment --comment "srv1:management-port" -m tcp --dport 31275 -j KUBE-MARK-MASQ',
      '-A KUBE-NODEPORTS -p tcp -m comment --comment "srv1:management-port" -m tcp --dport 31275 -j KUBE-SVC-VNWSL462QTZDN2GP',
    ].join('\n');
    expect(find(text, 'service.no-endpoints')).toBeUndefined();
  });

  it('fires on IPVS virtual servers without real servers; NodePorts alone are only info', () => {
    // https://github.com/kubernetes/kubernetes/issues/95149 (2020-09-29)
    const text = [
      '$ sudo ipvsadm -Ln',
      'IP Virtual Server version 1.2.1 (size=4096)',
      'TCP  172.17.0.1:31439 rr',
      'TCP  10.96.0.1:443 rr',
      '  -> 192.168.51.11:6443           Masq    1      7          0',
      'UDP  10.96.0.10:53 rr',
    ].join('\n');
    const d = diagnoseText(text);
    const f = d.findings.find((x) => x.id === 'service.no-endpoints');
    expect(f?.severity).toBe('warning');
    expect(f?.evidence[0]).toContain('1 IPVS virtual servers without real servers: UDP 10.96.0.10:53');
    expect(d.findings.find((x) => x.id === 'service.no-local-endpoints')?.severity).toBe('info');
    const nodePortOnly = [
      '$ ipvsadm -Ln',
      'TCP  172.17.0.1:31439 rr',
      'TCP  10.96.0.1:443 rr',
      '  -> 192.168.51.11:6443           Masq    1      7          0',
    ].join('\n');
    expect(find(nodePortOnly, 'service.no-endpoints')).toBeUndefined();
  });

  it('fires on nft reject elements; a Local-policy drop is info only', () => {
    // https://github.com/kubernetes/kubernetes/issues/131765 (2025-05-14)
    const drop = [
      'table ip kube-proxy {',
      '        map no-endpoint-services {',
      '                type ipv4_addr . inet_proto . inet_service : verdict',
      '                elements = { 10.88.1.2 . tcp . 80 comment "sys-ingress-priv/internal-ingress-controller-v2:web" : drop }',
      '        }',
      '}',
    ].join('\n');
    const d = diagnoseText(drop);
    expect(d.findings.find((f) => f.id === 'service.no-endpoints')).toBeUndefined();
    expect(d.findings.find((f) => f.id === 'service.no-local-endpoints')?.evidence[0]).toContain(
      'internal-ingress-controller-v2:web',
    );
    const reject = drop.replace(': drop', ': goto reject-chain');
    expect(find(reject, 'service.no-endpoints')?.title).toContain(
      'sys-ingress-priv/internal-ingress-controller-v2:web',
    );
  });
});
