import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import { ipvsadmParser } from '../../../../src/parse/packet-filter/ipvsadm.js';
import { parseWith } from '../parse-with.js';

// https://github.com/kubernetes/kubernetes/issues/95149 (2020-09-29): virtual servers without real servers.
const EMPTY = `IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
TCP  172.17.0.1:31439 rr
TCP  10.96.0.1:443 rr
  -> 192.168.51.11:6443           Masq    1      7          0         
TCP  10.96.0.10:53 rr
...
UDP  10.96.0.10:53 rr`;

// https://github.com/opsnull/follow-me-install-kubernetes-cluster/issues/251 (2018): healthy, `persistent 10800`.
const HEALTHY = `[root@vm01 ~]# ipvsadm -L -n
IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
TCP  10.254.0.1:443 rr persistent 10800
  -> 172.16.16.81:6443            Masq    1      0          0         
  -> 172.16.16.82:6443            Masq    1      0          0         
TCP  10.254.0.2:53 rr
  -> 10.253.7.5:53                Masq    1      0          0         `;

// https://github.com/cloudnativelabs/kube-router/pull/160 (2017-09): `--stats`, cut off after a real server address.
const STATS = `IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes
  -> RemoteAddress:Port
TCP  10.3.0.1:443                        0        0        0        0        0
  -> 172.17.4.101:443                    0        0        0        0        0
TCP  10.3.0.42:80                    14209   111769    74613  7207174  8334358
  -> 10.2.1.22:80                        2       12        8      774      894
  -> 10.2.1.30:80`;

describe('ipvsadmParser', () => {
  it('lists the virtual servers without real servers, ignoring an elision line', () => {
    const { value, notes } = parseWith(ipvsadmParser, EMPTY, 'ipvsadm -Ln');
    expect(value.format).toBe('list');
    expect(value.virtualServers).toBe(4);
    expect(value.realServers).toBe(1);
    expect(value.withoutRealServers.servers).toEqual([
      { protocol: 'TCP', address: '172.17.0.1:31439', scheduler: 'rr' },
      { protocol: 'TCP', address: '10.96.0.10:53', scheduler: 'rr' },
      { protocol: 'UDP', address: '10.96.0.10:53', scheduler: 'rr' },
    ]);
    expect(notes.join(' ')).toMatch(/not an ipvsadm line: 1 line/);
  });

  it('reads a healthy table with persistence and connection counts', () => {
    const d = diagnoseText(HEALTHY);
    expect(d.detected).toEqual(['ipvsadm']);
    expect(d.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    const { value: v } = parseWith(ipvsadmParser, HEALTHY.split('\n').slice(1).join('\n'));
    expect(v.tableSize).toBe(4096);
    expect(v.virtualServers).toBe(2);
    expect(v.realServers).toBe(3);
    expect(v.withoutRealServers.count).toBe(0);
  });

  it('reads --stats with K/M values and a cut-off last line', () => {
    const { value } = parseWith(ipvsadmParser, STATS);
    expect(value.format).toBe('stats');
    expect(value.virtualServers).toBe(2);
    expect(value.realServers).toBe(3);
    expect(value.withoutRealServers.count).toBe(0);
  });

  it('does not count a virtual server line cut before its scheduler, nor the last one of a cut collector section', () => {
    // https://github.com/cloudnativelabs/kube-router/issues/415 (2018-05-02): names without -n, cut at `TCP  ip-1`.
    const cut = [
      'Prot LocalAddress:Port Scheduler Flags',
      'TCP  ip-10-0-62-121.ec2.internal: rr',
      '  -> 100.96.5.4:9090              Masq    1      0          0',
      'TCP  ip-1',
    ].join('\n');
    expect(parseWith(ipvsadmParser, cut).value.withoutRealServers.count).toBe(0);
    const collector = [
      'TCP  10.96.0.1:443 rr',
      '# netcheck: virtual_services=900 real_servers=2000',
      '# netcheck: omitted 2500 lines',
    ].join('\n');
    const { value } = parseWith(ipvsadmParser, collector, 'ipvsadm -Ln | head');
    expect(value.withoutRealServers.count).toBe(0);
    expect(value.declared).toEqual({ virtualServers: 900, realServers: 2000 });
    expect(value.truncated).toBe(true);
  });

  it('classifies its lines, and not ss/netstat lines', () => {
    expect(ipvsadmParser.classify('IP Virtual Server version 1.2.1 (size=4096)')).toBe(2);
    expect(ipvsadmParser.classify('TCP  10.96.0.1:443 rr')).toBe(2);
    expect(ipvsadmParser.classify('UDP  [fd00::10]:53 rr')).toBe(2);
    expect(ipvsadmParser.classify('  -> 10.0.0.5:6443   Masq 1 0 0')).toBe(2);
    expect(ipvsadmParser.classify('TCP: 12 (estab 3, closed 2, orphaned 0, timewait 1)')).toBe(0);
    expect(ipvsadmParser.classify('tcp        0      0 0.0.0.0:22   0.0.0.0:*   LISTEN')).toBe(0);
    expect(ipvsadmParser.command.test('ipvsadm -Ln --stats')).toBe(true);
    expect(ipvsadmParser.command.test('ipvsadm -A -t 10.0.0.1:80 -s rr')).toBe(false);
  });
});
