import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../../../src/diagnose.js';
import { resolvConfParser } from '../../../../src/parse/dns/resolv-conf.js';
import { parseWith } from '../parse-with.js';

describe('resolvConfParser', () => {
  // https://github.com/kubernetes-sigs/external-dns/issues/2027 (2021-03-26): stock pod file, search before nameserver.
  const stock = [
    '[root@k8s-master1 ~]# kubectl exec -ti dnsutils -- cat /etc/resolv.conf',
    'search default.svc.cluster.local svc.cluster.local cluster.local',
    'nameserver 10.96.0.10',
    'options ndots:5',
  ].join('\n');

  it('reads the stock pod file behind a kubectl exec prompt', () => {
    const { report } = diagnoseText(stock);
    expect(report.detected).toEqual(['resolv-conf']);
    expect(report.items[0]!.value).toEqual({
      nameservers: ['10.96.0.10'],
      search: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
      flags: [],
      ndots: 5,
    });
  });

  // https://github.com/janeczku/docker-alpine-kubernetes/issues/8 (2016-04-04): trailing comment, commented nameserver.
  it('ignores trailing and whole-line comments', () => {
    const { value } = parseWith(
      resolvConfParser,
      [
        'nameserver 127.0.0.1 # added by go-dnsmasq',
        'search default.svc.cluster.local svc.cluster.local cluster.local google.internal.',
        '# nameserver 10.3.240.10',
        'options ndots:5',
      ].join('\n'),
    );
    expect(value.nameservers).toEqual(['127.0.0.1']);
    expect(value.search).toHaveLength(4);
    expect(value.ndots).toBe(5);
  });

  // https://github.com/kubernetes/kubernetes/issues/62777 (2018-04-18): busybox prompt, node servers, no options.
  it('reads a node file from a busybox prompt and detects it without options', () => {
    const { report } = diagnoseText(
      [
        '/ # cat /etc/resolv.conf ',
        'nameserver 192.168.100.17',
        'nameserver 192.168.100.195',
        'search innofis.local',
        '/ # ',
      ].join('\n'),
    );
    expect(report.items[0]!.value).toMatchObject({
      nameservers: ['192.168.100.17', '192.168.100.195'],
      search: ['innofis.local'],
    });
  });

  it('reads options, the last search line wins, domain replaces search', () => {
    const { value } = parseWith(
      resolvConfParser,
      [
        '# This is /run/systemd/resolve/stub-resolv.conf managed by man:systemd-resolved(8).',
        'nameserver 127.0.0.53',
        'search a.example',
        'search b.example c.example',
        'options edns0 trust-ad timeout:2 attempts:3 single-request-reopen rotate',
      ].join('\n'),
    );
    expect(value).toMatchObject({
      generatedBy: 'systemd-resolved',
      search: ['b.example', 'c.example'],
      timeout: 2,
      attempts: 3,
      flags: ['edns0', 'trust-ad', 'single-request-reopen', 'rotate'],
    });
    expect(parseWith(resolvConfParser, 'search x.example\ndomain corp.example').value.search).toEqual(['corp.example']);
  });

  it('does not claim prose that merely mentions a nameserver', () => {
    expect(resolvConfParser.classify('nameserver is down since yesterday')).toBe(0);
    expect(resolvConfParser.classify('search for the root cause')).toBe(0);
    expect(resolvConfParser.classify('nameserver 10.96.0.10')).toBe(2);
    expect(resolvConfParser.classify('nameserver fd00:10:96::a')).toBe(2);
  });
});
