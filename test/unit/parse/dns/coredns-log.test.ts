import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import { corednsLogParser } from '../../../../src/parse/dns/coredns-log.js';
import { parseWith } from '../parse-with.js';

describe('corednsLogParser', () => {
  // https://github.com/coredns/coredns/issues/2795 (2019-04-17): CoreDNS 1.5.0 with ISO timestamps, loop at start.
  const loop = [
    '.:53',
    '2019-04-17T00:18:44.485Z [INFO] plugin/reload: Running configuration MD5 = fe280f2b52a55a24ba57f2b4328c2777',
    '2019-04-17T00:18:44.485Z [INFO] CoreDNS-1.5.0',
    '2019-04-17T00:18:44.485Z [INFO] linux/amd64, go1.12.2, e3f9a80',
    'CoreDNS-1.5.0',
    'linux/amd64, go1.12.2, e3f9a80',
    '2019-04-17T00:18:44.486Z [FATAL] plugin/loop: Loop (127.0.0.1:34614 -> :53) detected for zone ".", see https://coredns.io/plugins/loop#troubleshooting. Query: "HINFO 6074102630077018525.5798689655824409358.',
  ].join('\n');

  it('reads the version, the benign start-up lines and the loop', () => {
    const { value, notes } = parseWith(corednsLogParser, loop);
    expect(value.version).toBe('1.5.0');
    expect(value.loops.count).toBe(1);
    expect(value.startFailures.count).toBe(0);
    expect(value.records).toBe(7);
    expect(notes).toEqual([]);
  });

  // https://github.com/kelseyhightower/kubernetes-the-hard-way/issues/698 (2022-03-15) and
  // https://github.com/syseleven/designate-certmanager-webhook/issues/34 (2020-09-22).
  it('reads upstream errors: name, type, upstream, reason; the HINFO probe is marked', () => {
    const { value } = parseWith(
      corednsLogParser,
      [
        '[ERROR] plugin/errors: 2 identity-3.eu-de-1.cloud.sap. A: read udp 10.244.1.6:36797->168.63.129.16:53: i/o timeout',
        '[ERROR] plugin/errors: 2 774537368764142801.2119769806070251504. HINFO: read udp X.X.X.X:45662->Y.Y.Y.Y:53: i/o timeout',
        ' [ERROR] plugin/errors: 2 1832739969549183765.325799172751613093. HINFO: unreachable backend: read udp 10.233.102.132:49471->219.141.136.10:53: i/o timeout',
      ].join('\n'),
    );
    expect(value.upstreamErrors.map((e) => [e.name, e.qtype, e.upstream, e.reason, e.probe])).toEqual([
      ['identity-3.eu-de-1.cloud.sap.', 'A', '168.63.129.16:53', 'timeout', false],
      ['774537368764142801.2119769806070251504.', 'HINFO', undefined, 'timeout', true],
      ['1832739969549183765.325799172751613093.', 'HINFO', '219.141.136.10:53', 'timeout', true],
    ]);
    expect(value.upstreamCounts.timeout).toBe(3);
  });

  // https://github.com/coredns/coredns/issues/4513 (2021-03-11) and https://github.com/coredns/coredns/issues/3775
  // (2020-03-25): the log plugin's lines, with ISO timestamps.
  it('counts query lines by response code with their durations', () => {
    const { value } = parseWith(
      corednsLogParser,
      [
        '2021-03-11T07:04:01.580Z [INFO] 172.27.172.128:34346 - 5318 "A IN rwc.default.svc.cluster.local. tcp 50 false 65535" NXDOMAIN qr,aa,rd 143 0.000222887s',
        '2020-03-25T16:36:53.164Z [INFO] 10.42.192.21:51916 - 60408 "A IN EXTERNALURL. udp 32 false 512" SERVFAIL qr,rd 32 0.001564637s',
      ].join('\n'),
    );
    expect(value.rcodes).toEqual({ NXDOMAIN: 1, SERVFAIL: 1 });
    expect(value.durations).toEqual([0.000222887, 0.001564637]);
    expect(value.failedQueries).toHaveLength(1);
  });

  // https://github.com/coredns/coredns/issues/4066 (2020-08-14): NodeLocal DNSCache lines prefixed with the container
  // name, the client address masked.
  it('strips a container-name prefix and reads masked clients', () => {
    const { value } = parseWith(
      corednsLogParser,
      'node-cache [INFO] x.x.x.x:56799 - 51264 "A IN example.com.ec2.internal. udp 52 false 512" NXDOMAIN qr,rd,ra 52 0.001029851s  ',
    );
    expect(value.rcodes).toEqual({ NXDOMAIN: 1 });
  });

  // https://github.com/kubernetes/kubernetes/issues/85794 (2019-12-02), https://github.com/coredns/coredns/issues/5072
  // (2022-01-05), https://github.com/kubernetes/kubernetes/issues/125845 (2024-07-02).
  it('reads API failures (klog, bare, plugin/kubernetes) and waits', () => {
    const { value } = parseWith(
      corednsLogParser,
      [
        'E1202 09:08:34.949013       1 reflector.go:126] pkg/mod/k8s.io/client-go@v11.0.0+incompatible/tools/cache/reflector.go:94: Failed to list *v1.Service: Get https://10.9.0.1:443/api/v1/services?limit=500&resourceVersion=0: dial tcp 10.9.0.1:443: i/o timeout',
        'Failed to list *v1.Endpoints: Get https://10.233.0.1:443/api/v1/endpoints?limit=500&resourceVersion=0: dial tcp 10.233.0.1:443: i/o timeout',
        'plugin/kubernetes: Get "https://10.32.0.1:443/version?timeout=32s": dial tcp 10.32.0.1:443: i/o timeout',
        '[INFO] plugin/kubernetes: waiting for Kubernetes API before starting server',
        '[INFO] plugin/ready: Still waiting on: "kubernetes"',
        '[WARNING] plugin/kubernetes: starting server with unsynced Kubernetes API',
      ].join('\n'),
    );
    expect(value.apiErrors.count).toBe(3);
    expect(value.waitingOnApi).toBe(2);
    expect(value.unsyncedStart).toBe(1);
  });

  // https://github.com/coredns/deployment/issues/215 (2020-04-01), https://github.com/sp1ke23/dnsredir/issues/9
  // (2021-01-21), https://github.com/orbstack/orbstack/issues/1560 (2024-11-09).
  it('tells Corefile errors from benign warnings', () => {
    const { value } = parseWith(
      corednsLogParser,
      [
        "/etc/coredns/Corefile:3 - Error during parsing: Unknown directive '.'",
        'plugin/dnsredir: Corefile:24 - Error during parsing: INLINE "dnsredir.domainSet[direct]" is forbidden since "." will match all requests',
        '[WARNING] No files matching import glob pattern: /etc/coredns/custom/*.override',
      ].join('\n'),
    );
    expect(value.startFailures.count).toBe(2);
    expect(value.benign).toBe(1);
    expect(value.records).toBe(3);
  });

  it('unwraps kubectl --timestamps, --prefix and CRI prefixes', () => {
    // The line of https://github.com/coredns/coredns/issues/5179 (2022-02-10) under each decoration.
    const line =
      '[ERROR] plugin/errors: 2 svc-datadog-agent-dogstatsd.datadog-agent.toyota-europe.com. SRV: read udp 192.168.86.18:56917->150.45.86.241:53: i/o timeout';
    for (const prefix of [
      '2022-02-10T09:01:02.123456789Z ',
      '[pod/coredns-5d78c9869d-abcde/coredns] ',
      '2022-02-10T09:01:02.123456789Z stdout F ',
    ]) {
      const { value } = parseWith(corednsLogParser, `${prefix}${line}`);
      expect(value.upstreamErrors[0]?.upstream, prefix).toBe('150.45.86.241:53');
    }
  });

  // https://github.com/orbstack/orbstack/issues/1560 (2024-11-09): bare `[WARNING]` lines with no command used to be
  // claimed by the ip-monitor reader (its object tags looked like any bracketed word).
  it('is detected from bare level-tagged lines, not taken for ip monitor events', () => {
    const { detected } = diagnoseText(
      '[WARNING] No files matching import glob pattern: /etc/coredns/custom/*.override\n' +
        '[WARNING] No files matching import glob pattern: /etc/coredns/custom/*.server',
    );
    expect(detected).toEqual(['coredns-log']);
  });
});
