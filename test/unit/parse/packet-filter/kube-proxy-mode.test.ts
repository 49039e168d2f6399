import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import { kubeProxyModeParser } from '../../../../src/parse/packet-filter/kube-proxy-mode.js';
import { parseWith } from '../parse-with.js';

describe('kubeProxyModeParser', () => {
  it('reads the /proxyMode body after a curl prompt', () => {
    // The endpoint as kube-proxy serves it on :10249 (kubernetes/kubernetes cmd/kube-proxy/app/server.go).
    const d = diagnoseText(['$ curl -s localhost:10249/proxyMode', 'ipvs'].join('\n'));
    expect(d.detected).toEqual(['kube-proxy-mode']);
    expect(d.report.items[0]!.value).toEqual({ mode: 'ipvs', source: 'proxyMode' });
  });

  it('reads the mode with the next prompt glued to it (no trailing newline)', () => {
    expect(parseWith(kubeProxyModeParser, 'iptables[root@node-1 ~]# ').value.mode).toBe('iptables');
  });

  it('reads `mode:` from the kube-proxy ConfigMap, empty meaning the iptables default', () => {
    const cfg = [
      '    kind: KubeProxyConfiguration',
      '    metricsBindAddress: ""',
      '    mode: ""',
      '    nodePortAddresses: null',
    ].join('\n');
    expect(parseWith(kubeProxyModeParser, cfg).value).toEqual({ mode: 'iptables', defaulted: true, source: 'config' });
    expect(parseWith(kubeProxyModeParser, '    mode: "nftables"').value.mode).toBe('nftables');
    expect(kubeProxyModeParser.command.test('kubectl -n kube-system get cm kube-proxy -o yaml')).toBe(true);
  });

  it('never starts a block on its own: a bare word is not a signature', () => {
    expect(kubeProxyModeParser.classify('iptables')).toBe(1);
    expect(kubeProxyModeParser.classify('We use iptables here')).toBe(0);
    expect(diagnoseText('ipvs\n').detected).toEqual([]);
  });
});
