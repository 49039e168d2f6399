import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { kubeProxyRules } from '../support/lab/kube-proxy-rules.js';
import { canBuildLab, connect, createLabHost, destroyLabHosts } from '../support/lab/lab-host.js';
import { overlayNode } from '../support/lab/overlay-node.js';
import { ids, runCollectorIn } from '../support/lab/run-collector-in.js';

const noLab = canBuildLab();
const noVxlan = noLab ?? probeVxlan();

function probeVxlan(): string | undefined {
  const ns = `nclvx${process.pid % 10000}`;
  spawnSync('ip', ['netns', 'add', ns]);
  const r = spawnSync('ip', [
    'netns',
    'exec',
    ns,
    'ip',
    'link',
    'add',
    'vxprobe',
    'type',
    'vxlan',
    'id',
    '9',
    'dstport',
    '8472',
  ]);
  spawnSync('ip', ['netns', 'del', ns]);
  return r.status === 0 ? undefined : `the kernel lacks vxlan (${r.stderr.toString().trim()})`;
}

afterAll(() => destroyLabHosts());

describe.skipIf(noLab)(`scenario lab${noLab ? ` (skipped: ${noLab})` : ''}`, () => {
  it.skipIf(noVxlan)(
    `finds a VXLAN overlay whose MTU leaves no room for encapsulation${noVxlan ? ` (skipped: ${noVxlan})` : ''}`,
    () => {
      const underlay = runCollectorIn(
        overlayNode({ underlayMtu: 1400, vxlanMtu: 1450, podMtu: 1400, podRoutes: [1, 2, 3] }),
      );
      expect(ids(underlay, 'warning')).toContain('mtu.mismatch');
      expect(underlay.findings.find((f) => f.id === 'mtu.mismatch')!.evidence.join('\n')).toMatch(/flannel\.1/);

      const pods = runCollectorIn(overlayNode({ vxlanMtu: 1450, podMtu: 1500, podRoutes: [1, 2, 3] }));
      expect(ids(pods, 'warning')).toContain('mtu.mismatch');
      expect(pods.findings.find((f) => f.id === 'mtu.mismatch')!.evidence.join('\n')).toMatch(/cni0|vethpod/);

      const healthy = runCollectorIn(overlayNode({ vxlanMtu: 1450, podMtu: 1450, podRoutes: [1, 2, 3] }));
      expect(ids(healthy)).not.toContain('mtu.mismatch');
      expect(ids(healthy)).not.toContain('route.missing-pod-route');
    },
  );

  it.skipIf(noVxlan)(
    `finds a missing per-node pod route on the overlay${noVxlan ? ` (skipped: ${noVxlan})` : ''}`,
    () => {
      const run = runCollectorIn(overlayNode({ vxlanMtu: 1450, podMtu: 1450, podRoutes: [1, 3, 4] }));
      expect(ids(run, 'warning')).toContain('route.missing-pod-route');
      expect(run.findings.find((f) => f.id === 'route.missing-pod-route')!.evidence.join('\n')).toMatch(
        /10\.244\.2\.0\/24/,
      );
    },
  );

  it('finds a Service without endpoints and MASQUERADE without --random-fully in real iptables rules', () => {
    const node = createLabHost('ipt');
    node.run(
      ['iptables-restore'],
      kubeProxyRules({
        randomFully: false,
        noEndpoints: { clusterIp: '10.96.45.3', port: 80, service: 'shop/cart:http' },
      }),
    );
    const run = runCollectorIn(node);
    expect(run.detected).toContain('iptables-save');
    expect(ids(run, 'warning')).toEqual(
      expect.arrayContaining(['service.no-endpoints', 'iptables.masquerade-not-random']),
    );
    expect(run.findings.find((f) => f.id === 'service.no-endpoints')!.evidence.join('\n')).toMatch(/shop\/cart/);

    const fixed = createLabHost('iptok');
    fixed.run(['iptables-restore'], kubeProxyRules({ randomFully: true }));
    const healthy = runCollectorIn(fixed);
    expect(ids(healthy)).not.toContain('service.no-endpoints');
    expect(ids(healthy)).not.toContain('iptables.masquerade-not-random');
  });

  it('finds ndots:5 amplified by extra search domains in the node resolv.conf', () => {
    const node = createLabHost('dns');
    node.writeResolvConf(
      [
        'search default.svc.cluster.local svc.cluster.local cluster.local ec2.internal corp.example.internal',
        'nameserver 10.96.0.10',
        'options ndots:5 timeout:1 attempts:1',
        '',
      ].join('\n'),
    );
    const run = runCollectorIn(node);
    expect(run.detected).toContain('resolv-conf');
    expect(ids(run, 'warning')).toContain('dns.ndots-amplification');

    const stock = createLabHost('dnsok');
    stock.writeResolvConf(
      'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
    );
    const healthy = runCollectorIn(stock);
    expect(healthy.findings.find((f) => f.id === 'dns.ndots-amplification')?.severity).toBe('info');
  });

  it('reads real conntrack entries made by real traffic in the namespace', () => {
    const node = createLabHost('ct');
    const peer = createLabHost('ctpeer');
    connect(node, '192.168.78.1/24', peer, '192.168.78.2/24');
    node.run(['ip', 'route', 'add', 'default', 'via', '192.168.78.2']);
    // kube-proxy-style DNAT of the cluster DNS Service to a backend that never answers (the peer drops it).
    node.run(
      ['iptables-restore'],
      [
        '*nat',
        ':OUTPUT ACCEPT [0:0]',
        '-A OUTPUT -d 10.96.0.10/32 -p udp -m udp --dport 53 -j DNAT --to-destination 10.244.9.9:53',
        'COMMIT',
        '',
      ].join('\n'),
    );
    peer.run(
      ['iptables-restore'],
      ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD DROP [0:0]', '-A INPUT -p udp -j DROP', 'COMMIT', ''].join('\n'),
    );
    node.run(['node', '-e', SEND_UDP, '10.96.0.10', '53', '40']);
    node.run(['node', '-e', SEND_UDP, '192.168.78.2', '8472', '300']);

    const run = runCollectorIn(node);
    const count = Number(node.run(['conntrack', '-C']).trim());
    expect(count).toBeGreaterThanOrEqual(340);
    expect(run.detected).toEqual(expect.arrayContaining(['conntrack-count', 'conntrack-breakdown']));
    expect(ids(run)).toEqual(expect.arrayContaining(['conntrack.stale-udp', 'conntrack.tunnel-tracked']));
    expect(run.findings.find((f) => f.id === 'conntrack.stale-udp')!.evidence.join('\n')).toMatch(/10\.96\.0\.10:53/);
    // A namespace that is not the host's: the reading is the namespace's, and netcheck says so.
    expect(ids(run, 'warning')).toContain('collector.not-host-netns');
  });
});

/** Sends one UDP datagram from each of N fresh source ports: N conntrack entries that stay [UNREPLIED]. */
const SEND_UDP = `
const dgram = require('node:dgram');
const [host, port, n] = process.argv.slice(1);
let left = Number(n);
for (let i = 0; i < Number(n); i++) {
  const s = dgram.createSocket('udp4');
  s.send(Buffer.from('netcheck-lab'), Number(port), host, () => { s.close(); if (--left === 0) process.exit(0); });
}
setTimeout(() => process.exit(0), 5000);
`;
