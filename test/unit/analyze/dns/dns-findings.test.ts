import { describe, expect, it } from 'vitest';
import { finding } from '../findings-of.js';

describe('dns.ndots-amplification', () => {
  // https://github.com/Draymonders/Code-Life/issues/9 (2020-04-27): the stock pod file.
  const stock = [
    '```',
    'nameserver 10.96.0.10',
    'search default.svc.cluster.local svc.cluster.local cluster.local',
    'options ndots:5',
    '```',
  ].join('\n');
  // https://github.com/kubernetes/website/pull/36463 (2022-08-31): EKS pod file with ec2.internal.
  const eks = [
    '$ cat /etc/resolv.conf ',
    'nameserver 172.20.0.10',
    'search default.svc.cluster.local svc.cluster.local cluster.local ec2.internal',
    'options ndots:5',
  ].join('\n');

  it('is info for the stock pod file', () => {
    expect(finding(stock, 'dns.ndots-amplification')?.severity).toBe('info');
  });

  it('warns when non-cluster search domains make 4+ suffixes', () => {
    const f = finding(eks, 'dns.ndots-amplification');
    expect(f?.severity).toBe('warning');
    expect(f?.evidence.join('\n')).toContain('non-cluster search domains: ec2.internal');
    expect(f?.evidence[0]).toContain('(4 suffixes)');
  });

  it('recognises a custom cluster domain and stays quiet without ndots:5', () => {
    const custom = 'nameserver 10.43.0.10\nsearch team-a.svc.k8s.corp svc.k8s.corp k8s.corp\noptions ndots:5';
    expect(finding(custom, 'dns.ndots-amplification')?.severity).toBe('info');
    expect(
      finding(
        'nameserver 10.43.0.10\nsearch a.example b.example c.example d.example\noptions ndots:2',
        'dns.ndots-amplification',
      ),
    ).toBeUndefined();
  });
});

describe('dns.timeout-5s', () => {
  // https://github.com/kubernetes/kops/issues/4040 (2017-12-11)
  const slow = [
    '/ # time nslookup google.com',
    'Server:    100.64.0.10',
    'Name:      google.com',
    'Address 1: 172.217.7.238',
    'real\t0m 5.12s',
  ].join('\n');

  it('fires on a ~5 s lookup, quoting the time', () => {
    const f = finding(slow, 'dns.timeout-5s');
    expect(f?.severity).toBe('warning');
    expect(f?.evidence[0]).toContain('took 5.12 s');
  });

  it('fires on multiples (40.03 s) and on the timeout:N of a resolv.conf in the same input', () => {
    expect(finding(slow.replace('5.12', '40.03'), 'dns.timeout-5s')).toBeDefined();
    const withTimeout2 = `nameserver 10.96.0.10\noptions timeout:2\n${slow.replace('0m 5.12s', '0m 2.31s')}`;
    expect(finding(withTimeout2, 'dns.timeout-5s')).toBeDefined();
  });

  it('does not fire on fast or merely slow lookups', () => {
    expect(finding(slow.replace('5.12', '0.12'), 'dns.timeout-5s')).toBeUndefined();
    expect(finding(slow.replace('5.12', '3.40'), 'dns.timeout-5s')).toBeUndefined();
    expect(finding(slow.replace('5.12', '6.50'), 'dns.timeout-5s')).toBeUndefined();
  });

  it('uses only the name-lookup part of a successful curl', () => {
    const curl = [
      '$ time curl -w "@f" -o /dev/null -s http://svc',
      '    time_namelookup:  0.004',
      '         time_total:  5.2',
      'real\t0m5.210s',
    ].join('\n');
    expect(finding(curl, 'dns.timeout-5s')).toBeUndefined();
  });
});

describe('dns.unreachable', () => {
  // https://github.com/kelseyhightower/kubernetes-the-hard-way/issues/383 (2018-09-03)
  const timedOut = [
    '$ kubectl exec -ti $POD_NAME -- nslookup kubernetes',
    ';; connection timed out; no servers could be reached',
    '',
    'command terminated with exit code 1',
  ].join('\n');

  it('is critical when no server replied', () => {
    const f = finding(timedOut, 'dns.unreachable');
    expect(f?.severity).toBe('critical');
    expect(f?.evidence[0]).toContain('no servers could be reached');
  });

  it('does not fire on NXDOMAIN or on a retry that was answered', () => {
    expect(
      finding("$ nslookup nope.example\n** server can't find nope.example: NXDOMAIN", 'dns.unreachable'),
    ).toBeUndefined();
    const retried = [
      '$ nslookup kubernetes.default',
      ';; communications error to 10.96.0.10#53: timed out',
      'Server:\t\t10.96.0.10',
      'Name:\tkubernetes.default.svc.cluster.local',
    ].join('\n');
    expect(finding(retried, 'dns.unreachable')).toBeUndefined();
    expect(finding(retried, 'dns.timeout-5s')?.evidence[0]).toContain('after 1 timed-out attempt');
  });
});

describe('dns.resolv-misconfigured', () => {
  it('warns on nameservers with different views', () => {
    const f = finding(
      'nameserver 10.96.0.10\nnameserver 8.8.8.8\nsearch default.svc.cluster.local svc.cluster.local cluster.local',
      'dns.resolv-misconfigured',
    );
    expect(f?.severity).toBe('warning');
    expect(f?.evidence[0]).toContain('10.96.0.10 private, 8.8.8.8 public');
  });

  it('warns on a pod file with incomplete cluster search domains or a loopback server', () => {
    expect(
      finding(
        'nameserver 10.96.0.10\nsearch svc.cluster.local cluster.local\noptions ndots:5',
        'dns.resolv-misconfigured',
      )?.evidence[0],
    ).toContain('missing <namespace>.svc.cluster.local');
    expect(
      finding(
        'nameserver 127.0.0.1\nsearch default.svc.cluster.local svc.cluster.local cluster.local',
        'dns.resolv-misconfigured',
      )?.severity,
    ).toBe('warning');
  });

  it('is info for the systemd-resolved stub and silent for ordinary files', () => {
    expect(
      finding('nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch .', 'dns.resolv-misconfigured')?.severity,
    ).toBe('info');
    // https://github.com/kubernetes/kubernetes/issues/62777 (2018-04-18): two private corporate servers.
    expect(
      finding(
        'nameserver 192.168.100.17\nnameserver 192.168.100.195\nsearch innofis.local',
        'dns.resolv-misconfigured',
      ),
    ).toBeUndefined();
    expect(
      finding(
        'nameserver 10.96.0.10\nsearch default.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5',
        'dns.resolv-misconfigured',
      ),
    ).toBeUndefined();
  });
});
